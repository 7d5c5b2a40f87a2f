// Vietnam's public holidays for people in the state sector (Labour Code 2019, art. 112): New Year
// (1/1), Tết (5 days), Hùng Kings' day (10/3 lunar), Reunification and Labour days (30/4, 1/5),
// National Day (2/9 and one day before or after). A holiday on a weekend is made up on the next
// working day (art. 111 ¶3), and the Prime Minister's yearly notice may swap a working day with a
// Saturday to join holidays into a longer break. This table lists, per year, the weekdays that are
// days off and the Saturdays that are working days, as announced (2025, 2026) or by the rule
// (later years; correct them when the notice is published). Lunar dates are converted to the
// Gregorian calendar in the table itself.

export interface HolidayYear {
  year: number;
  /** Weekdays without work (holidays, Tết bridges, compensatory days), YYYY-MM-DD. */
  daysOff: readonly string[];
  /** Saturdays or Sundays that are working days in exchange for a bridge day. */
  workingWeekends: readonly string[];
  source: string;
}

export const vnHolidays: readonly HolidayYear[] = [
  {
    year: 2025,
    daysOff: [
      '2025-01-01',
      // Tết Ất Tỵ (29/1): Monday 27/1 to Friday 31/1.
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-07', // Hùng Kings (10/3 lunar)
      '2025-04-30',
      '2025-05-01',
      '2025-05-02', // bridge, worked on Saturday 26/4
      '2025-09-01',
      '2025-09-02',
    ],
    workingWeekends: ['2025-04-26'],
    source: 'Công văn 7513/BLĐTBXH-CSLĐ (2024) and the Prime Minister’s notices for 2025',
  },
  {
    year: 2026,
    daysOff: [
      '2026-01-01',
      // Tết Bính Ngọ (17/2): Monday 16/2 to Friday 20/2.
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-27', // Hùng Kings falls on Sunday 26/4: made up on Monday
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ],
    workingWeekends: [],
    source: 'Ministry of Home Affairs notice on the 2026 Tết holiday; Labour Code 2019 art. 111-112',
  },
  {
    year: 2027,
    daysOff: [
      '2027-01-01',
      // Tết Đinh Mùi (6/2, a Saturday): 5 days from Friday 5/2, weekend days made up after.
      '2027-02-05',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-04-16', // Hùng Kings (10/3 lunar)
      '2027-04-30',
      '2027-05-03', // 1/5 falls on Saturday: made up on Monday
      '2027-09-02',
      '2027-09-03',
    ],
    workingWeekends: [],
    source: 'by the Labour Code 2019 rule, before the yearly notice',
  },
];
