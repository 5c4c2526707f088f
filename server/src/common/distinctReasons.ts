/**
 * Messages joined with each said once and counted: a renderer reports one problem per value it
 * cannot render, so one op.bulk_insert of 60 rows said the same sentence 60 times (socorro
 * 37004fc6e41e in the lint; upstream-docker's JSONB rows in `--sql`, held-out sweep BN).
 */
export function distinctReasons(messages: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const message of messages) counts.set(message, (counts.get(message) ?? 0) + 1);
  return [...counts].map(([message, count]) => (count > 1 ? `${message} (${count} times)` : message)).join('; ');
}
