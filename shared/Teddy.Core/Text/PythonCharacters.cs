using System.Globalization;
using System.Text;

namespace Teddy.Text;

/// <summary>
/// Character properties as Python 3.11 (Unicode 14.0) sees them, on top of .NET's Unicode data. Verified
/// code point by code point against CPython 3.11 for all of U+0000..U+10FFFF when written; the differences
/// from .NET are the Unicode-version gap (<see cref="Unicode14Unassigned"/>), one mark whose category
/// changed since 14.0, and the properties .NET does not expose (Cased, Case_Ignorable).
/// </summary>
internal static class PythonCharacters
{
    /// <summary>
    /// Python's <c>\w</c> for str patterns: <c>str.isalnum()</c> (letters L*, and every character with a
    /// numeric value, which in Unicode 14 are exactly Nd, Nl and No) or <c>'_'</c>. Unlike .NET's <c>\w</c>
    /// it excludes combining marks (Mn) and connector punctuation other than '_'.
    /// </summary>
    public static bool IsWordCharacter(int codePoint)
    {
        if (codePoint < 0x80)
            return (uint)((codePoint | 0x20) - 'a') <= 'z' - 'a' || (uint)(codePoint - '0') <= 9 || codePoint == '_';
        if (Unicode14Unassigned.Contains(codePoint))
            return false;
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
    }

    /// <summary>
    /// The simple (one code point) lowercase mapping Python uses for everything except U+0130 and the
    /// final-sigma rule, which <see cref="PythonLowercase"/> handles. Surrogate halves map to themselves.
    /// </summary>
    public static int ToLowerSimple(int codePoint)
    {
        if (codePoint < 0x80)
            return (uint)(codePoint - 'A') <= 'Z' - 'A' ? codePoint | 0x20 : codePoint;
        if (!Rune.IsValid(codePoint) || Unicode14Unassigned.Contains(codePoint))
            return codePoint;
        return Rune.ToLowerInvariant(new Rune(codePoint)).Value;
    }

    /// <summary>
    /// Unicode's Case_Ignorable: Mn, Me, Cf, Lm, Sk, plus Word_Break MidLetter, MidNumLet and Single_Quote.
    /// Only consulted around a capital sigma.
    /// </summary>
    public static bool IsCaseIgnorable(int codePoint)
    {
        if (codePoint is '\'' or '.' or ':' or '^' or '`')   // Single_Quote, MidNumLet, MidLetter, Sk, Sk
            return true;
        if (codePoint < 0x80 || Unicode14Unassigned.Contains(codePoint))
            return false;
        if (CaseIgnorablePunctuation.Contains(codePoint))
            return true;
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is
            UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
    }

    /// <summary>
    /// Unicode's Cased: Lu, Ll, Lt, plus Other_Lowercase and Other_Uppercase. Callers test
    /// <see cref="IsCaseIgnorable"/> first (Python's final-sigma scan skips case-ignorable characters even when
    /// they are also cased), so only the Other_* characters that are not case-ignorable are listed here.
    /// </summary>
    public static bool IsCased(int codePoint)
    {
        if (codePoint < 0x80)
            return (uint)((codePoint | 0x20) - 'a') <= 'z' - 'a';
        if (Unicode14Unassigned.Contains(codePoint))
            return false;
        if (codePoint is 0xAA or 0xBA                       // ª º
            or >= 0x2160 and <= 0x217F                      // Roman numerals Ⅰ..ⅿ (Nl)
            or >= 0x24B6 and <= 0x24E9                      // circled letters Ⓐ..ⓩ (So)
            or >= 0x1F130 and <= 0x1F149                    // squared Latin capitals
            or >= 0x1F150 and <= 0x1F169                    // negative circled Latin capitals
            or >= 0x1F170 and <= 0x1F189)                   // negative squared Latin capitals
            return true;
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;
    }

    // The non-ASCII Word_Break MidLetter / MidNumLet / Single_Quote characters (middle dots, Armenian
    // apostrophe, Hebrew gershayim, curly single quotes, one-dot leader, hyphenation point, and their
    // presentation-form and full-width variants), and U+1171E AHOM CONSONANT SIGN MEDIAL RA, a nonspacing mark in Unicode 14 that .NET now reports as
    // a spacing mark.
    private static ReadOnlySpan<int> CaseIgnorablePunctuation =>
        [0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A, 0x1171E];
}
