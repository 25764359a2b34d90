import { broken } from '../../sample.ts';

// nobody may send the request, and the complaint (open in every removal step) has no roles either
export default broken(
  'harmful-content',
  [['/machine/states/removal/states/requested', 'QT_STATE_NO_ACTOR']],
  (p) => {
    delete p.machine.states.removal.states.requested.on.SENT.meta.roles;
    delete p.machine.states.removal.on.COMPLAINT.meta.roles;
  },
);
