import { ReportSchema } from '../src/report/model.js';
test('report model loads', () => {
  expect(ReportSchema.safeParse({}).success).toBe(false);
});
