/**
 * The pages the service worker keeps for use without a network (regex source): the work queue and
 * the record forms an officer fills in at an enterprise (a case's, an inspection's). Nothing with a party's case file in it.
 */
export const OFFLINE_PAGES = '/(tasks|cases/[^/?#]+/records/new|inspections/[^/?#]+/record)(\\?[^#]*)?$';
