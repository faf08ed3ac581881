// A party's signature for the demo's 当场处罚决定书 (行政处罚法 Art 52): a 120×40 PNG of one stroke,
// as the phone's signature pad would send it.
export const DEMO_SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAHgAAAAoAQAAAAAdkQOIAAAAxUlEQVR42r3SsQnDMBAFUIUULj2CRtFiAQU8gEbwKgEXLr1CjAu3Nm5kIvzD/TsVWSDBcHoHuvuIOPz+3F98V3TmciMvZ84usu2ieiuB5eHVy+WlzGjVI5KUAUmdMEqZsKo9Fik9DvoKOMShOuLU9ocu/FCi5T31XGr+nVd4hz44S2eKV+7SnY45JBLbdGJktmmvd/rqoDO9WXbhlHhq5sgaT5z5VjHX9535ln43Tx0PzWB+NTw8m2ruwbs1b5yLHP7yf/gCOp0xN2hBkfsAAAAASUVORK5CYII=';
