namespace Teddy.Retail;

/// <summary>
/// A string read from JSON, held as its <see cref="StringPool"/> id (or, for the rare value the pool cannot hold,
/// as the string itself). The event parser keeps these instead of strings: the string is fetched only when
/// someone asks, which on the hot path is never.
/// </summary>
internal readonly record struct PooledText(int Id, string? Unpooled)
{
    public static PooledText Missing { get; } = new(-1, null);

    public bool IsMissing => Id < 0 && Unpooled is null;

    public string Resolve(StringPool pool) => Id >= 0 ? pool[Id] : Unpooled ?? throw new InvalidOperationException("No value.");
}
