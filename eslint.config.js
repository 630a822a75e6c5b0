import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '__fixtures__/**', 'migration-test-report/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // Escaping and lexing code looks for control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@actions/*'], message: 'only src/main.ts and src/github/ touch the Actions toolkit' },
            {
              group: ['pg', 'pg-copy-streams', 'mysql2', 'mysql2/*'],
              message: 'database drivers live in src/engines/',
            },
          ],
        },
      ],
    },
  },
  {
    // Catalog readers turn what the drivers return (strings, numbers, arrays) into text with
    // String(), and must keep doing it exactly so: snapshots are compared byte for byte.
    files: ['src/engines/*/schema.ts', 'src/data/fill/mysql.ts', 'src/data/fill/postgres.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  {
    files: ['src/main.ts', 'src/github/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['pg', 'pg-copy-streams', 'mysql2', 'mysql2/*'],
              message: 'database drivers live in src/engines/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/engines/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@actions/*'], message: 'only src/main.ts and src/github/ touch the Actions toolkit' }],
        },
      ],
    },
  },
  {
    files: ['__tests__/**/*.ts'],
    // Tests read JSON back and fake async APIs: what is checked there is the assertions.
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
