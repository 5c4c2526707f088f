/** A name without its schema (`public.orders` → `orders`; `orders` stays as it is). */
export function withoutSchema(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
