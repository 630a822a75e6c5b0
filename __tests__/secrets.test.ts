import {
  clearSecrets,
  maskDeep,
  maskSecrets,
  registerEnvironmentSecrets,
  registerSecret,
} from '../src/util/secrets.js';

afterEach(() => clearSecrets());

describe('maskSecrets', () => {
  test('token shapes are masked whether or not they are known', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJydW5uZXIifQ.c2lnbmF0dXJlLXBhcnQ';
    expect(maskSecrets('at or near "ghs_16C7e42F292c6912E7710c838347Ae178B4a"')).toBe('at or near "***"');
    expect(
      maskSecrets('ghp_abcdefghijklmnopqrstuvwxyz0123456789 and github_pat_11ABCDEFG0123456789_abcdefghijkl'),
    ).toBe('*** and ***');
    expect(maskSecrets(`token ${jwt}.`)).toBe('token ***.');
  });

  test('an environment dump keeps the names and loses the values', () => {
    const environ =
      'HOME=/root\0ACTIONS_RUNTIME_TOKEN=abc.def-ghi\0INPUT_GITHUB-TOKEN=xyz123456\0DB_PASSWORD=hunter22\0PATH=/bin';
    expect(maskSecrets(environ)).toBe(
      'HOME=/root\0ACTIONS_RUNTIME_TOKEN=***\0INPUT_GITHUB-TOKEN=***\0DB_PASSWORD=***\0PATH=/bin',
    );
  });

  test('the password of a connection URL is masked, the rest is kept', () => {
    expect(maskSecrets('could not connect to postgres://app:s3cr%40t@db:5432/app')).toBe(
      'could not connect to postgres://app:***@db:5432/app',
    );
  });

  test('registered values are masked in plain and URL-encoded form; short values are not registered', () => {
    registerSecret('p@ss word!');
    registerSecret('abc');
    expect(maskSecrets('pw p@ss word! or p%40ss%20word! abc')).toBe('pw *** or *** abc');
  });

  test('the values of secret-looking environment variables are registered', () => {
    registerEnvironmentSecrets({ MY_API_TOKEN: 'plain-value-1', PGPASSWORD: 'dbpass99', EDITOR: 'vim-editor' });
    expect(maskSecrets('plain-value-1 dbpass99 vim-editor')).toBe('*** *** vim-editor');
  });

  test('maskDeep masks every string of a report-like value and keeps its shape', () => {
    registerSecret('hunter22');
    const value = { a: ['x hunter22', 1, null], b: { c: 'hunter22', d: true } };
    expect(maskDeep(value)).toEqual({ a: ['x ***', 1, null], b: { c: '***', d: true } });
    expect(value.b.c).toBe('hunter22');
  });
});
