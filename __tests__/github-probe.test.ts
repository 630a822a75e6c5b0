test('loads', async () => {
  const a = await import('@actions/artifact');
  const g = await import('@actions/github');
  const c = await import('@actions/core');
  expect(typeof a.DefaultArtifactClient).toBe('function');
  expect(typeof g.getOctokit).toBe('function');
  expect(typeof c.info).toBe('function');
});
