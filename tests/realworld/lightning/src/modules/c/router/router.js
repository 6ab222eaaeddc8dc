// History-API routing with Lightning Experience's URL shapes.

const listeners = new Set();

export function currentRoute() {
    const path = window.location.pathname;
    let m = path.match(/^\/lightning\/r\/(\w+)\/([A-Za-z0-9]{15,18})\/view\/?$/);
    if (m) return { name: 'record', object: m[1], recordId: m[2] };
    m = path.match(/^\/lightning\/o\/(\w+)\/(list|home)\/?$/);
    if (m) return { name: 'list', object: m[1] };
    if (path.startsWith('/lightning/page/home')) return { name: 'home' };
    return { name: 'login' };
}

export function navigate(path, { replace = false } = {}) {
    if (replace) window.history.replaceState({}, '', path);
    else window.history.pushState({}, '', path);
    listeners.forEach((fn) => fn(currentRoute()));
}

export function subscribe(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
}

window.addEventListener('popstate', () => listeners.forEach((fn) => fn(currentRoute())));

// Links anywhere, inside shadow roots too, route in-app instead of reloading the page.
document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    const anchor = event.composedPath().find((el) => el.tagName === 'A' && el.href);
    if (!anchor) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || !url.pathname.startsWith('/lightning/')) return;
    event.preventDefault();
    navigate(url.pathname);
});

export function recordUrl(object, id) {
    return `/lightning/r/${object}/${id}/view`;
}
