// The demo moderator link `npm start` prints (#moderator=<token>): signs the widgets on this page in as
// that moderator for the tab's session, with a bar that says so and signs out. The token travels in the
// fragment, so it never reaches a server log. DOM APIs only: the page enforces Trusted Types.
(() => {
  const KEY = 'threadline-demo-moderator';
  const match = /^#moderator=([\w.-]+)$/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(KEY);
  if (!token) return;
  for (const widget of document.querySelectorAll('threadline-comments')) widget.setAttribute('token', token);
  const bar = document.createElement('p');
  bar.className = 'demo-moderator';
  bar.append('Signed in as the demo moderator: waiting comments show in the thread with Approve, Reject and Spam. ');
  const out = document.createElement('button');
  out.type = 'button';
  out.textContent = 'Sign out';
  out.addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    location.reload();
  });
  bar.append(out);
  document.body.prepend(bar);
})();
