// GET /ws: live case updates for a signed-in user (the session cookie is checked before upgrade,
// and so is the user's number of open sockets).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { qtError } from '../errors.ts';

export const liveRoutes: FastifyPluginAsync = async (app) => {
  const admit = async (req: FastifyRequest) => {
    if (!app.qt.hub.admits(req.user!.id)) throw qtError('QT_LIVE_TOO_MANY_CONNECTIONS');
  };
  app.get(
    '/ws',
    { websocket: true, preValidation: [app.authenticate, admit], schema: { hide: true } },
    (socket, req) => {
      app.qt.hub.add(socket, req.user!, req.sessionId!, req.headers['accept-language']);
    },
  );
};
