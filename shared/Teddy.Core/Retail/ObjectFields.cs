namespace Teddy.Retail;

/// <summary>
/// The fields a reader has read in one JSON object, to find a field given twice: JSON allows it and System.Text.Json's
/// readers keep whichever comes last, so which one the sender meant would be a guess (the line is
/// <see cref="IngestionSkipReasons.DuplicateField"/>). Names are compared after unescaping, case-sensitively, as
/// <c>Utf8JsonReader.ValueTextEquals</c> and <see cref="JsonStructure"/> compare them. A reader names each field it
/// reads by a bit of its own (1, 2, 4, … up to 1 &lt;&lt; 30); names it does not know in advance (an attribute map's
/// keys) go by their text. One per object being read, on the stack: fixed fields cost no allocation.
/// Used by every NDJSON reader (<see cref="RetailEventParser"/>, <see cref="RetailProductParser"/>,
/// <see cref="ProductAttributesParser"/>), so a field given twice is found the same way everywhere.
/// </summary>
internal struct ObjectFields
{
    private int _read;
    private HashSet<string>? _names;

    /// <summary>Marks <paramref name="field"/> (one bit) read; sets <paramref name="twice"/> when this object gave it before.</summary>
    public void Read(int field, ref bool twice)
    {
        if ((_read & field) != 0) twice = true;
        _read |= field;
    }

    /// <summary>Marks the field named <paramref name="name"/> (unescaped, untrimmed) read; sets <paramref name="twice"/> when this object gave it before.</summary>
    public void Read(string name, ref bool twice)
    {
        if (!(_names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name)) twice = true;
    }
}
