using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Azure.Functions.Worker;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Http;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>A request as a broken client or an attacker might send it; <see cref="ToString"/> is what a failure prints.</summary>
public sealed record HostileRequest(
    string Function, string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? ContentType, byte[]? Body)
{
    public bool IsClick => Function == "RecordClick" && Method == "POST";

    public bool IsEvents => Function == "RecordEvents" && Method == "POST";

    public bool IsSimulation => Function == "RunSimulation" && Method == "POST";

    public HttpRequestMessage ToMessage(Uri baseAddress)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), RouteTemplates.Exact(baseAddress, PathAndQuery));
        foreach (var (name, value) in Headers) message.Headers.TryAddWithoutValidation(name, value);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return message;
    }

    public override string ToString()
    {
        string body = Body is null ? "none" : Body.Length > 300 ? $"{Body.Length} bytes: {Escape(Body[..300])}…" : Escape(Body);
        return $"{Method} {PathAndQuery} ({Function}) headers [{string.Join("; ", Headers.Select(h => $"{h.Key}: {h.Value}"))}] " +
               $"content-type {ContentType ?? "none"} body {body}";
    }

    private static string Escape(byte[] bytes) => JsonSerializer.Serialize(Encoding.UTF8.GetString(bytes));
}

/// <summary>Values the serving app knows, so generated requests also get past validation into the code behind it.</summary>
public sealed record KnownValues(string User, string Product, string Version, string FunctionKey, string AllowedOrigin);

/// <summary>
/// CsCheck generators of hostile requests for every function of the route table (so a new endpoint is fuzzed
/// without touching this file): route values and query values with every character class, encoded carefully,
/// loosely, twice, or broken; huge, negative, NaN and malformed numbers; repeated, empty and unknown parameters;
/// deep, oversized, ill-typed, duplicated and non-UTF-8 JSON under right and wrong content types and charsets;
/// wrong methods, unknown routes, missing and wrong function keys, CORS preflights from any origin.
/// </summary>
/// <remarks>
/// Not generated, because the server (Kestrel, under both hosts) rejects them itself before any app code runs,
/// with a bare 400/414: a NUL (%00) in the path, raw bytes that are not URL characters, request lines over 8 KB.
/// Function-level requests carry the right key only where the route takes input (promote, a simulation's body, a status
/// id); an input-less operator action (retrain) is tried without a key or with a wrong one. Simulation bodies that pass
/// ask for at most 3 sessions, so the runs they queue stay small.
/// </remarks>
public sealed class HostileRequests(FunctionTable table, KnownValues known)
{
    private static readonly string[] CharacterClasses =
    [
        "abcXYZ019", "-._~", ":/?#[]@", "!$&'()*+,;=", "%", " \t", "\"\\<>{}|^`", "\u0001\u001f\u007f\u0085",
        "éüßñ", "中文日本", "\u0301\u200b\u200f\ufeff\u05d0\u0627",
    ];

    private static readonly string[] Astral = ["😀", "🧸", "\U0001F468\u200D\U0001F469"];

    private static readonly string[] SpecialText =
    [
        "", " ", ".", "..", "-", "%", "%2F", "%252F", "%41", "%ZZ", "%C3%28", "%FF", "null", "0", "-1",
        new string('x', 300), new string('é', 257), "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}",
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "20", "100", "101", "1000", "1001", "2147483648", "-2147483649", "99999999999999999999", "1e308", "1e309", "-1e309",
        "NaN", "Infinity", "-Infinity", "0x10", "1,5", " 5", "5 ", "1.5", "-0", "١٢", "", "true", "yes", "maybe",
    ];

    private static readonly string[] QueryNames =
    [
        "k", "method", "category", "brand", "exclude_brand", "min_price", "max_price", "in_stock", "strict", "user_id", "product_id",
        "code", "K", "USER_ID", "Brand",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "application/json; charset=klingon",
        "application/json; charset=\"utf-8\"", "application/json; charset=", "APPLICATION/JSON", "application/vnd.shop+json",
        "application/problem+json", "application/jsonx", "text/plain", "text/json", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "!!!", "",
    ];

    private static readonly string[] OtherMethods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO"];

    private static readonly Gen<string> Atom = Gen.Frequency(
        (9, Gen.OneOf(CharacterClasses).SelectMany(c => Gen.Char[c]).Select(c => c.ToString())),
        (1, Gen.OneOf(Astral)));

    /// <summary>Text drawn from every character class (no lone surrogates: a URL cannot carry them).</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (6, Atom.Array[0, 24].Select(string.Concat)),
        (3, Gen.OneOf(SpecialText)));

    /// <summary>Any request; routes that take a body are drawn three times as often, since they have more to get wrong.</summary>
    public Gen<HostileRequest> Any =>
        Gen.Frequency(
            (9, Gen.Frequency(table.Http.Select(f => (f.Methods.Any(m => m is "post" or "put" or "patch") ? 3 : 1, f)).ToArray())
                .SelectMany(ForFunction)),
            (1, UnknownRoute));

    private Gen<string> Value(string? valid) => valid is null ? Text : Gen.Frequency((3, Text), (2, Gen.Const(valid)));

    private Gen<HostileRequest> ForFunction(HttpFunction function)
    {
        var routeValues = RouteTemplates.Parameters(function.Route).ToArray();
        var values = Gen.Const(Array.Empty<string?>());
        foreach (string name in routeValues)
        {
            var value = Gen.Frequency(
                (1, Gen.Const<string?>((string?)null)),
                (1, Gen.Const<string?>("-")),
                (8, Segment(Value(ValidRouteValue(name))).Select(s => (string?)s)));
            values = Gen.Select(values, value, (previous, next) => (string?[])[.. previous, next]);
        }
        var path = values.Select(v => RouteTemplates.Fill(function.Route, name =>
            // A required segment left out (or empty) becomes a blank one: an absent one would just be another route
            // (api/models/retrain/{id} without its id is the retrain route itself, taking the key this one was given).
            v[Array.IndexOf(routeValues, name)] is { Length: > 0 } given ? given
                : RouteTemplates.IsOptional(function.Route, name) ? null : "%20"));
        var method = Gen.Frequency(
            (8, Gen.OneOf(function.Methods.Select(m => m.ToUpperInvariant()).ToArray())),
            (2, Gen.OneOf(OtherMethods)));
        bool keyHelps = function.AuthLevel != AuthorizationLevel.Anonymous && (routeValues.Length > 0 || KeyedBodies.Contains(function.Name));
        return Gen.Select(path, Query(function), method, Headers(function.AuthLevel, keyHelps), Body(function), (p, q, m, h, b) =>
            new HostileRequest(function.Name, m, p + q, h, b.ContentType, m is "HEAD" ? null : b.Bytes));
    }

    private Gen<HostileRequest> UnknownRoute =>
        Gen.Select(Segment(Text).Array[1, 4], Query(null), Gen.OneOf(OtherMethods), (segments, q, m) =>
            new HostileRequest("(none)", m, "/api/" + string.Join('/', segments) + q, [], null, null));

    /// <summary>Function-key routes whose input is their JSON body.</summary>
    private static readonly HashSet<string> KeyedBodies = ["RunSimulation"];

    private string? ValidRouteValue(string name) => name switch
    {
        "id" => "20261126-030000-3f9a2c1b",
        "userId" => known.User,
        "productId" => known.Product,
        "version" => known.Version,
        "category" => "toys-puzzles",
        "file" => "red.svg",
        "name" => "app.js",
        _ => null,
    };

    /// <summary>
    /// A path segment: carefully encoded, loosely encoded (raw reserved characters), encoded twice, or with a dangling
    /// '%'. A raw '%' followed by "00" in the text would reach the server as %00, a NUL it rejects itself (see the
    /// remarks), so there the '%' is escaped.
    /// </summary>
    private static Gen<string> Segment(Gen<string> value) =>
        Gen.Select(value.Select(v => v.Replace("\0", "")), Gen.Int[0, 3], (v, style) => style switch
        {
            0 => Uri.EscapeDataString(v),
            1 => NoNul(Loose(v)),
            2 => Uri.EscapeDataString(Uri.EscapeDataString(v)),
            _ => NoNul(Loose(v) + "%"),
        });

    private static string NoNul(string segment) => segment.Replace("%00", "%2500", StringComparison.Ordinal);

    /// <summary>Escapes only what cannot appear raw in a URL; reserved characters, '%' and '+' stay raw.</summary>
    private static string Loose(string value)
    {
        var builder = new StringBuilder();
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || "-._~!$&'()*+,;=:@/%?".Contains((char)rune.Value)))
            {
                builder.Append((char)rune.Value);
                continue;
            }
            int length = rune.EncodeToUtf8(utf8);
            for (int i = 0; i < length; i++) builder.Append('%').Append(utf8[i].ToString("X2"));
        }
        return builder.ToString();
    }

    private Gen<string> QueryValue =>
        Gen.Select(Gen.Frequency(
                (3, Gen.OneOf(Numbers)),
                (2, Gen.OneOf("hybrid", "content", "collaborative", "itemknn", "popular", "similar", "HYBRID", "magic", "true", "false", "1", "0")),
                (2, Text),
                (1, Gen.OneOf(known.User, known.Product, "Toys", "toys > puzzles"))),
            Gen.Int[0, 2],
            (v, style) => style switch { 0 => Uri.EscapeDataString(v), 1 => Loose(v), _ => Uri.EscapeDataString(Uri.EscapeDataString(v)) });

    /// <summary>
    /// Zero to six parameters, names often repeated, sometimes without '=' or a value: mostly the ones the function declares
    /// (so its own validation is reached, not only the query check that refuses undeclared ones), also others and any text.
    /// A function that declares none refuses any, so most of its requests go without, to reach its route values and body.
    /// </summary>
    private Gen<string> Query(HttpFunction? function)
    {
        string[] declared = function is null ? [] : function.Methods.SelectMany(m => QueryStringCheck.Declared(function.Name, m)).Distinct().ToArray();
        var name = declared.Length > 0
            ? Gen.Frequency((6, Gen.OneOf(declared)), (2, Gen.OneOf(QueryNames)), (1, Text.Select(Loose)))
            : Gen.Frequency((6, Gen.OneOf(QueryNames)), (1, Text.Select(Loose)));
        var query = Gen.Select(name, QueryValue, Gen.Int[0, 5],
                (n, value, shape) => shape switch { 0 => n, 1 => n + "=", _ => n + "=" + value })
            .Array[0, 6]
            .Select(pairs => pairs.Length == 0 ? "" : "?" + string.Join('&', pairs));
        return declared.Length > 0 ? query : Gen.Frequency((3, Gen.Const("")), (1, query));
    }

    private Gen<IReadOnlyList<KeyValuePair<string, string>>> Headers(AuthorizationLevel level, bool keyHelps)
    {
        KeyValuePair<string, string>?[] keys = level == AuthorizationLevel.Anonymous
            ? [null]
            : [null, new("x-functions-key", "wrong-key"), new("x-functions-key", "")];
        if (keyHelps) keys = [.. keys, .. Enumerable.Repeat<KeyValuePair<string, string>?>(new("x-functions-key", known.FunctionKey), keys.Length)];
        var key = Gen.OneOf(keys);
        var origin = Gen.Frequency(
            (6, Gen.Const<KeyValuePair<string, string>[]>([])),
            (2, Gen.Const<KeyValuePair<string, string>[]>([new("Origin", known.AllowedOrigin), new("Access-Control-Request-Method", "POST")])),
            (1, Gen.Const<KeyValuePair<string, string>[]>([new("Origin", "https://evil.example"), new("Access-Control-Request-Method", "GET")])),
            (1, Gen.Const<KeyValuePair<string, string>[]>([new("Accept", "application/xml"), new("Accept-Charset", "klingon")])));
        return Gen.Select(key, origin, (k, o) =>
            (IReadOnlyList<KeyValuePair<string, string>>)(k is { } pair ? [pair, .. o] : o));
    }

    private Gen<(string? ContentType, byte[]? Bytes)> Body(HttpFunction function) =>
        Gen.Select(Gen.Frequency((6, Gen.OneOf(ContentTypes[..3])), (4, Gen.OneOf(ContentTypes))),
            function.Name switch
            {
                "RecordEvents" => Gen.Frequency((3, EventBodyBytes), (1, BodyBytes)),
                "RunSimulation" => Gen.Frequency((3, SimulationBodyBytes), (1, BodyBytes)),
                _ => BodyBytes,
            }, (type, bytes) =>
        {
            if (bytes is null || type is null) return (type, bytes);
            // A body in UTF-16 when it says so (otherwise the charset is a lie, which is hostile too).
            if (type.EndsWith("utf-16") && bytes.Length < 8000) bytes = Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(bytes));
            return (type, bytes);
        });

    private Gen<byte[]?> BodyBytes =>
        Gen.Frequency(
            (2, Gen.Const<byte[]?>((byte[]?)null)),
            (8, Click.Select(json => (byte[]?)Encoding.UTF8.GetBytes(json))),
            (1, Gen.Int[1, 300].Select(depth => (byte[]?)Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)))),
            (1, Gen.Int[1, 300].Select(depth => (byte[]?)Encoding.UTF8.GetBytes(
                "{\"click_id\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}"))),
            (1, Gen.Int[16_000, 40_000].Select(size => (byte[]?)Encoding.UTF8.GetBytes(
                $$"""{"click_id":"big","user_id":"{{new string('u', size)}}","product_id":"p","position":1,"recommendation_type":"hybrid"}"""))),
            (1, Gen.Byte.Array[0, 200].Select(b => (byte[]?)b)),
            (3, Gen.OneOf("", " ", "\r\n", "null", "[]", "\"text\"", "123", "true", "{}", "{", "}", "{\"click_id\":}", "\uFEFF{}", "{\"click_id\":\"a\",\"click_id\":\"b\"}")
                .Select(s => (byte[]?)Encoding.UTF8.GetBytes(s))),
            (1, Gen.Const<byte[]?>([.. "{\"click_id\":\""u8, 0xFF, 0xFE, .. "\",\"user_id\":\"u\",\"product_id\":\"p\",\"position\":1,\"recommendation_type\":\"hybrid\"}"u8])));

    /// <summary>
    /// <c>POST api/events</c> bodies: one UserEvent or an array of them (now and then more than the limit), each field
    /// independently right, missing, null, ill-typed or hostile; visitors and times from a small set, so events repeat.
    /// </summary>
    private Gen<byte[]?> EventBodyBytes =>
        Gen.Frequency(
            (6, UserEvent),
            (3, UserEvent.Array[1, 5].Select(events => "[" + string.Join(",", events) + "]")),
            (1, UserEvent.Select(e => "[" + string.Join(",", Enumerable.Repeat(e, 101)) + "]")))
        .Select(json => (byte[]?)Encoding.UTF8.GetBytes(json));

    private Gen<string> UserEvent =>
        Gen.Select(
            Field(Gen.OneOf("detail-page-view", "add-to-cart", "purchase-complete", "search", "home-page-view"), Gen.OneOf("bogus", "", "Search", "detail-page-view ")),
            Field(Gen.OneOf("fuzz-visitor-1", "fuzz-visitor-2", known.User), Text),
            Field(Gen.Int[0, 59].Select(second => $"2026-11-26T10:00:{second:00}Z"), Gen.OneOf("yesterday", "", "2026-13-01T00:00:00Z", "1969-01-01T00:00:00Z")),
            Gen.Frequency(
                (8, Gen.OneOf(known.Product, "retired-product").Select(id => "[{\"product\":{\"id\":" + JsonSerializer.Serialize(id) + "},\"quantity\":1}]")),
                (2, Text.Select(id => "[{\"product\":{\"id\":" + JsonSerializer.Serialize(id) + "}}]")),
                (1, Gen.OneOf("[]", "{}", "[{\"product\":{}}]", "\"p\"", "null", "<absent>"))),
            Gen.Frequency(
                (6, Gen.Const("<absent>")),
                (3, Gen.Const(0).Select(_ => JsonSerializer.Serialize(Teddy.Feedback.AttributionToken.New(DateTimeOffset.UtcNow)))),
                (1, Gen.OneOf("\"forged\"", "7", "null", "\"\""))),
            Gen.Bool,
            (type, visitor, time, details, token, shuffle) =>
            {
                var fields = new List<string>
                {
                    "\"eventType\":" + type, "\"visitorId\":" + visitor, "\"eventTime\":" + time, "\"productDetails\":" + details,
                    "\"attributionToken\":" + token,
                };
                if (shuffle) fields.Reverse();
                return "{" + string.Join(',', fields.Where(f => !f.EndsWith(":<absent>"))) + "}";
            });

    /// <summary>
    /// <c>POST api/simulations</c> bodies, each field independently right, missing, null, ill-typed or hostile; a valid one asks
    /// for 1 to 3 sessions (hostile session counts leave out the valid ones above 3).
    /// </summary>
    private static Gen<byte[]?> SimulationBodyBytes =>
        Gen.Select(
            Field(Gen.Int[1, 3], Gen.OneOf(Numbers.Where(n => !(int.TryParse(n, out int v) && v is > 3 and <= 200)).ToArray())),
            Field(Gen.Int[1, 10], Gen.OneOf(Numbers)),
            Field(Gen.OneOf("hybrid", "content", "collaborative", "itemknn", "ease", "popular", "HYBRID", " popular "), Gen.OneOf("magic", "", "als", "similar", "<script>")),
            Field(Gen.Long, Gen.OneOf(Numbers)),
            Gen.Bool,
            (sessions, k, method, seed, shuffle) =>
            {
                var fields = new List<string> { "\"sessions\":" + sessions, "\"k\":" + k, "\"method\":" + method, "\"seed\":" + seed };
                if (shuffle) fields.Reverse();
                return (byte[]?)Encoding.UTF8.GetBytes("{" + string.Join(',', fields.Where(f => !f.EndsWith(":<absent>"))) + "}");
            });

    /// <summary>A click body whose every field is, independently, right, missing, null, ill-typed or hostile.</summary>
    private Gen<string> Click =>
        Gen.Select(
            Field(Gen.Guid.Select(g => "fuzz-" + g), Text),
            Field(Gen.Const(known.User), Text),
            Field(Gen.OneOf(known.Product, "retired-product"), Text),
            Field(Gen.Int[1, 1000], Gen.OneOf(Numbers)),
            Field(Gen.OneOf("hybrid", "content", "collaborative", "itemknn", "popular", "similar", "Popular"), Gen.OneOf("bogus", "", "<script>", "hybrid ")),
            Field(Gen.Const(known.Version), Text),
            Gen.Frequency((6, Gen.Const("<absent>")), (3, Gen.Const(0).Select(_ => JsonSerializer.Serialize(Teddy.Feedback.AttributionToken.New(DateTimeOffset.UtcNow)))),
                (1, Text.Select(t => JsonSerializer.Serialize(t)))),
            Gen.Bool,
            (clickId, user, product, position, type, version, token, shuffle) =>
            {
                var fields = new List<string>
                {
                    "\"click_id\":" + clickId, "\"user_id\":" + user, "\"product_id\":" + product, "\"position\":" + position,
                    "\"recommendation_type\":" + type, "\"model_version\":" + version, "\"attribution_token\":" + token,
                };
                if (shuffle) fields.Reverse();
                return "{" + string.Join(',', fields.Where(f => !f.EndsWith(":<absent>"))) + "}";
            });

    /// <summary>A JSON value for one field: mostly valid, else hostile text, a wrong type, null or absent.</summary>
    private static Gen<string> Field<T>(Gen<T> valid, Gen<string> hostile) =>
        Gen.Frequency(
            (12, valid.Select(v => v is string s ? JsonSerializer.Serialize(s) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!)),
            (2, hostile.Select(h => JsonSerializer.Serialize(h))),
            (1, hostile.Select(h => h.Length > 0 && h.All(c => char.IsAsciiDigit(c) || c is '-' or '.' or 'e') ? h : "[1,{\"x\":null}]")),
            (1, Gen.OneOf("null", "true", "{}", "[]", "1e400", "-0", "\"\\ud800\"", "<absent>")));
}
