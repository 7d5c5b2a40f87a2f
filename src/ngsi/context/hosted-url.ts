// Where the broker serves the @contexts it stores: `{base}/ngsi-ld/v1/jsonldContexts/{id}` (CIM 009 §6.29).

const apiPath = '/ngsi-ld/v1/jsonldContexts/';

export function hostedUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${apiPath}${encodeURIComponent(id)}`;
}

/** The local id in a `.../ngsi-ld/v1/jsonldContexts/{id}` URL, whatever host name the client used. */
export function hostedId(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const path = new URL(url).pathname;
  const at = path.lastIndexOf(apiPath);
  if (at < 0) return undefined;
  const id = path.slice(at + apiPath.length);
  return id === '' || id.includes('/') ? undefined : decodeURIComponent(id);
}
