import { existsSync } from 'node:fs';
import type { PdfFonts } from './pdf.ts';

// Debian's fonts-noto-cjk (installed by .ci/run and the README's set-up). PDF_FONT_REGULAR /
// PDF_FONT_BOLD name other files, `path` or `path#PostScriptName` for a font inside a collection.
const NOTO = '/usr/share/fonts/opentype/noto';
const DEFAULTS = {
  regular: `${NOTO}/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular`,
  bold: `${NOTO}/NotoSansCJK-Bold.ttc#NotoSansCJKsc-Bold`,
};

const parse = (spec: string) => {
  const [path, name] = spec.split('#');
  return name ? { path, name } : { path };
};

/** The fonts PDFs are drawn with; a clear error at start-up rather than a blank 文书 later. */
export function pdfFonts(config: { PDF_FONT_REGULAR?: string; PDF_FONT_BOLD?: string } = {}): PdfFonts {
  const fonts = { regular: parse(config.PDF_FONT_REGULAR ?? DEFAULTS.regular), bold: parse(config.PDF_FONT_BOLD ?? DEFAULTS.bold) };
  for (const [role, f] of Object.entries(fonts)) {
    if (!existsSync(f.path)) throw new Error(`PDF 文书字体不存在（${role}）：${f.path}。请安装 fonts-noto-cjk，或用 PDF_FONT_REGULAR / PDF_FONT_BOLD 指定字体文件`);
  }
  return fonts;
}
