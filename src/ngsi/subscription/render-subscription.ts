// A subscription as a response body (CIM 009 §5.2.12): names compacted with the response @context,
// the computed `status` and the notification statistics (§5.2.14).
import type { TermMapper } from '../entity/term-mapper.js';
import { compactTypeExpr } from './type-selector.js';
import { statusOf, type NotificationParams, type Subscription, type SubscriptionStats } from './model.js';

function renderNotification(
  n: NotificationParams,
  terms: TermMapper,
  stats: SubscriptionStats,
): Record<string, unknown> {
  return {
    ...(n.attributes === undefined ? {} : { attributes: n.attributes.map((a) => terms.compact(a)) }),
    format: n.format,
    showChanges: n.showChanges,
    sysAttrs: n.sysAttrs,
    endpoint: n.endpoint,
    timesSent: stats.timesSent,
    timesFailed: stats.timesFailed,
    ...(stats.lastNotification === undefined ? {} : { lastNotification: stats.lastNotification }),
    ...(stats.lastSuccess === undefined ? {} : { lastSuccess: stats.lastSuccess }),
    ...(stats.lastFailure === undefined ? {} : { lastFailure: stats.lastFailure }),
  };
}

export function renderSubscription(
  sub: Subscription,
  stats: SubscriptionStats,
  terms: TermMapper,
  nowIso: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: sub.id, type: 'Subscription' };
  if (sub.subscriptionName !== undefined) out.subscriptionName = sub.subscriptionName;
  if (sub.description !== undefined) out.description = sub.description;
  if (sub.entities !== undefined)
    out.entities = sub.entities.map((e) => ({
      ...e,
      type: compactTypeExpr(e.type, (t) => terms.compact(t)),
    }));
  if (sub.watchedAttributes !== undefined)
    out.watchedAttributes = sub.watchedAttributes.map((a) => terms.compact(a));
  out.notificationTrigger = sub.notificationTrigger;
  if (sub.q !== undefined) out.q = sub.q;
  if (sub.geoQ !== undefined) out.geoQ = { ...sub.geoQ, geoproperty: terms.compact(sub.geoQ.geoproperty) };
  if (sub.scopeQ !== undefined) out.scopeQ = sub.scopeQ;
  out.isActive = sub.isActive;
  if (sub.expiresAt !== undefined) out.expiresAt = sub.expiresAt;
  if (sub.throttling !== undefined) out.throttling = sub.throttling;
  if (sub.timeInterval !== undefined) out.timeInterval = sub.timeInterval;
  out.notification = renderNotification(sub.notification, terms, stats);
  out.status = statusOf(sub, nowIso);
  out.jsonldContext = sub.contextUrl;
  return out;
}
