// Placeholder: replaced by the database harness (finds or starts PostgreSQL and MySQL servers).
export default async function globalSetup(): Promise<void> {}
