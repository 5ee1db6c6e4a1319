// Calendar dates in a place: the price feed stamps games in UTC (an evening game in the US is "the next
// day" there), game logs use the arena's local date. Intl (the ICU time-zone data in Node) does the
// conversion, so daylight saving and international venues need no table of offsets.

/** A converter from an ISO instant to the local YYYY-MM-DD in `timeZone` (make one per zone and reuse it: formatters are costly to build). */
export function localDater(timeZone: string): (isoInstant: string) => string | null {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (iso) => {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return null;
    return fmt.format(t);
  };
}

/** A strict ISO-8601 UTC instant: YYYY-MM-DDTHH:MM(:SS)?Z. */
export function isUtcInstant(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(s) && !Number.isNaN(Date.parse(s));
}

/** Whether a time zone name is one Intl knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
