declare const __MIGRATION_TEST_VERSION__: string | undefined;

/** Set by the bundler from package.json; tests run from source see the dev marker. */
export const TOOL_VERSION: string =
  typeof __MIGRATION_TEST_VERSION__ === 'string' ? __MIGRATION_TEST_VERSION__ : '0.0.0-dev';
