/**
 * Where a page keeps its access token in localStorage: the token panel on the app's origin, and the lab 5 site's
 * page on its own (the evil origin's script reads it there).
 */
export const ACCESS_TOKEN_STORAGE_KEY = 'sessionlab:access_token';
