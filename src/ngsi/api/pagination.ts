// Link headers for paginated results (CIM 009 §6.3.18 / §5.5.9): rel="prev" and rel="next".

export function paginationLinks(
  url: string,
  page: { limit: number; offset: number },
  returned: number,
  total: number | undefined,
): string | undefined {
  const links: string[] = [];
  const at = (offset: number) => {
    const [path, query = ''] = url.split('?', 2) as [string, string?];
    const params = new URLSearchParams(query);
    params.set('offset', String(offset));
    params.set('limit', String(page.limit));
    return `<${path}?${params.toString()}>`;
  };
  if (page.offset > 0) links.push(`${at(Math.max(0, page.offset - page.limit))}; rel="prev"`);
  const more =
    total === undefined ? returned === page.limit && page.limit > 0 : page.offset + returned < total;
  if (more) links.push(`${at(page.offset + page.limit)}; rel="next"`);
  return links.length === 0 ? undefined : links.join(', ');
}
