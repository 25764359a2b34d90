// GET /ws: live case updates for a signed-in user (the session cookie is checked before upgrade).
import type { FastifyPluginAsync } from 'fastify';

export const liveRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/ws',
    { websocket: true, preValidation: app.authenticate, schema: { hide: true } },
    (socket, req) => {
      app.qt.hub.add(socket, req.user!, req.headers['accept-language']);
    },
  );
};
