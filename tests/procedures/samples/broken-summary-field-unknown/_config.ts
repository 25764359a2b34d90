import { broken } from '../../sample.ts';

// the summary names a field the form that opens a case does not have
export default broken('harmful-content', [['/summaryField/0', 'QT_SUMMARY_FIELD_UNKNOWN']], (p) => {
  p.summaryField = ['pageTitle', 'description'];
});
