import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vietnamCalendar } from './calendar.js';

describe('Vietnamese working-day calendar', () => {
  it('counts the Hùng Kings make-up day and 30/4–1/5 for a report filed on the Friday before', () => {
    // Friday 24/4/2026, 09:00 in Hồ Chí Minh City; Monday 27/4 makes up for Sunday 26/4.
    const filed = Date.parse('2026-04-24T09:00:00+07:00');
    assert.equal(new Date(vietnamCalendar.deadline(filed, 1)).toISOString(), '2026-04-28T10:00:00.000Z');
    assert.equal(new Date(vietnamCalendar.deadline(filed, 3)).toISOString(), '2026-05-04T10:00:00.000Z');
  });

  it('skips the whole Tết break for a report filed on the Friday before Tết', () => {
    const filed = Date.parse('2026-02-13T16:30:00+07:00');
    assert.equal(new Date(vietnamCalendar.deadline(filed, 1)).toISOString(), '2026-02-23T10:00:00.000Z');
    assert.equal(new Date(vietnamCalendar.deadline(filed, 5)).toISOString(), '2026-02-27T10:00:00.000Z');
  });

  it('uses the local day: 23:30 UTC on Thursday is already Friday in Vietnam', () => {
    const filed = Date.parse('2026-08-27T23:30:00Z'); // Friday 28/8 06:30 +07
    // Monday 31/8 (1), then 1/9 and 2/9 are National Day: Thursday 3/9 is the second.
    assert.equal(new Date(vietnamCalendar.deadline(filed, 2)).toISOString(), '2026-09-03T10:00:00.000Z');
  });

  it('works on a Saturday swapped for a bridge day and rests on the bridge day', () => {
    assert.equal(vietnamCalendar.isWorkingDay('2025-04-26'), true);
    assert.equal(vietnamCalendar.isWorkingDay('2025-05-02'), false);
    assert.equal(vietnamCalendar.isWorkingDay('2026-04-27'), false);
    assert.equal(vietnamCalendar.isWorkingDay('2026-04-28'), true);
  });

  it('shows the working days left, negative once late', () => {
    const deadline = Date.parse('2026-05-04T10:00:00Z');
    assert.equal(vietnamCalendar.workingDaysLeft(Date.parse('2026-04-24T02:00:00Z'), deadline), 3);
    assert.equal(vietnamCalendar.workingDaysLeft(Date.parse('2026-05-06T02:00:00Z'), deadline), -2);
  });
});
