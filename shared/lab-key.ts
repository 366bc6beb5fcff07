/**
 * How the app's own window proves it is the window this launch opened: the per-launch random lab key, in this
 * header. The one exception is the inspector's event stream (EventSource sends no headers), which may carry it
 * as this query parameter; the page itself receives it in the URL's fragment under the same name.
 */
export const LAB_KEY_HEADER = 'X-Lab-Key';

/** The query parameter (event stream only) and the URL fragment's field that carry the lab key. */
export const LAB_KEY_PARAM = 'labKey';
