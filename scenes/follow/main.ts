/**
 * @module follow page: connects to `/follow` over a websocket first (polling only where a websocket cannot
 * pass), so no sticky sessions are needed behind a load balancer, and starts the page. `window.__inkverseFollow`
 * is read only by tests.
 */
import { connect } from '../ui/socket.ts';
import { startFollowPage } from './followPage.ts';

const p = new URLSearchParams(location.search).get('p');
const model = startFollowPage({
  socket: connect('/follow', { transports: ['websocket', 'polling'] }),
  mine: p !== null && /^[\w~-]{1,100}$/.test(p) ? p : null,
  language: navigator.language || 'en',
});
(window as unknown as { __inkverseFollow: unknown }).__inkverseFollow = { model };
