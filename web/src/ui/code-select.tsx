/** A `<select>` over a fixed list of codes with translated labels. */
import type { ReactNode } from 'react';

/**
 * A `<select>` whose options are codes (`value` is the code) with translated names, in the
 * order given, optionally led by an empty option (value `""`) such as "any" or "none".
 * Only the element itself: the caller places it in its field and gives it a `<label htmlFor={id}>`.
 *
 * `V` is the type of the selected value. Where `empty` is given, `V` must include `''`
 * (the empty option can be chosen); `codes` and `label` never see `''`.
 */
export function CodeSelect<V extends string>({
  id,
  codes,
  value,
  onChange,
  label,
  empty,
  disabled,
  invalid,
}: {
  /** The element's id, which the caller's label points to. */
  id: string;
  /** The codes offered, in the order shown. */
  codes: readonly Exclude<V, ''>[];
  value: V;
  /** Called with the chosen code (`''` for the empty option). `V` is read from `value` and `codes`, not from here. */
  onChange: (next: NoInfer<V>) => void;
  /** The text of a code's option (usually `codeName(t, prefix, code)`). */
  label(code: Exclude<V, ''>): string;
  /** The text of a leading empty option; allowed only where `V` includes `''`. */
  empty?: '' extends V ? string : never;
  disabled?: boolean;
  /** Set when the server named this field as wrong (`aria-invalid`). */
  invalid?: true | undefined;
}): ReactNode {
  return (
    <select id={id} value={value} disabled={disabled} aria-invalid={invalid} onChange={(e) => onChange(e.target.value as V)}>
      {empty !== undefined && <option value="">{empty}</option>}
      {codes.map((code) => (
        <option key={code} value={code}>
          {label(code)}
        </option>
      ))}
    </select>
  );
}
