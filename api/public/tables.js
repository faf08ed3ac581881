// A table too wide for the screen scrolls sideways in its box (api/views.ts wraps every table):
// such a box takes the keyboard focus and is named, so it can be scrolled without a finger or a
// mouse (WCAG 2.1.1; axe scrollable-region-focusable). A box that fits is left out of the tab order.
(function () {
  function mark() {
    document.querySelectorAll('.table-scroll').forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute('tabindex')) {
        box.tabIndex = 0;
        box.setAttribute('role', 'region');
        var caption = box.querySelector('caption');
        var heading = box.previousElementSibling;
        box.setAttribute('aria-label', (caption ? caption.textContent : heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : '表格') + '（可左右滚动）');
      } else if (!scrolls && box.getAttribute('role') === 'region') {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    });
  }
  mark();
  window.addEventListener('resize', mark);
})();
