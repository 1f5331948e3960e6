using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// The query string over HTTP through the development runner, on every route: a name or value that is not validly
/// percent-encoded UTF-8 is a 400 naming the parameter (never kept as literal text), a parameter the route does not
/// declare in openapi.json is a 400 naming it, every declared one and <c>code</c> are accepted, and filter values may
/// not hold control characters (ids may). Requests go exactly as written (no client-side re-escaping).
/// </summary>
[Collection(AppCollection.Name)]
public class QueryStringEndToEndTests(TeddyAppFixture app)
{
    private const string Key = TeddyAppFixture.FunctionKey;

    /// <summary>A name no operation declares.</summary>
    private const string Undeclared = "undeclared_zz";

    private Task<HttpResponseMessage> SendAsync(string target, HttpMethod? method = null, bool key = false)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, RouteTemplates.Exact(app.Client.BaseAddress!, target));
        if (key) request.Headers.Add("x-functions-key", Key);
        return app.Client.SendAsync(request);
    }

    /// <summary>Asserts a 400 problem+json whose errors name exactly <paramref name="fields"/> (the first as <c>field</c>); returns the problem.</summary>
    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, params string[] fields)
    {
        string body = await response.Content.ReadAsStringAsync();
        string call = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.OriginalString}";
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{call}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(fields[0], problem.GetProperty("field").GetString());
        Assert.Equal(fields.Order(StringComparer.Ordinal), problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        return problem;
    }

    [Theory]
    // The tryout's examples: one shopper could be spelled "%zz" and "%25zz"; not UTF-8; a 404 instead of a 400; an empty list.
    [InlineData("/api/recommendations?user_id=%zz&k=1", "user_id")]
    [InlineData("/api/recommendations?user_id=%FF%FE", "user_id")]
    [InlineData("/api/products?product_id=%FF", "product_id")]
    [InlineData("/api/recommendations/u00042?category=%FF%FE", "category")]
    // Every other kind of parameter, on every route that reads the query.
    [InlineData("/api/recommendations/u00042?k=%3", "k")]
    [InlineData("/api/recommendations/u00042?k=5%", "k")]
    [InlineData("/api/recommendations/u00042?method=hybrid%E2%82", "method")] // a UTF-8 sequence cut short
    [InlineData("/api/recommendations/u00042?brand=Lego&brand=%C3%28", "brand")] // a lead byte without its continuation
    [InlineData("/api/recommendations/u00042?exclude_brand=%", "exclude_brand")]
    [InlineData("/api/recommendations/u00042?min_price=%C0%B1", "min_price")] // an overlong encoding of '1'
    [InlineData("/api/recommendations/u00042?max_price=1%G0", "max_price")]
    [InlineData("/api/recommendations/u00042?in_stock=%ED%A0%80", "in_stock")] // a UTF-16 surrogate, which UTF-8 may not encode
    [InlineData("/api/recommendations/u00042?strict=tru%e", "strict")]
    [InlineData("/api/recommendations/-?user_id=a%2", "user_id")]
    [InlineData("/api/products/-/similar?product_id=%zz", "product_id")]
    [InlineData("/api/products/10001/similar?category=%F0%9F%98", "category")]
    [InlineData("/api/analytics/ctr?from=2026-01-01%", "from")]
    [InlineData("/api/analytics/ctr?to=%FE", "to")]
    [InlineData("/api/analytics/ctr?top=%-1", "top")]
    [InlineData("/api/health?code=%GG", "code")]
    // A name that is not validly encoded is named as sent.
    [InlineData("/api/recommendations/u00042?k%zz=1", "k%zz")]
    [InlineData("/api/catalog/facets?%FF=1", "%FF")]
    public async Task Malformed_percent_escapes_in_any_query_name_or_value_are_a_400_naming_the_parameter(string target, string field)
    {
        var problem = await AssertProblemAsync(await SendAsync(target), field);
        Assert.Contains("percent-encoded", problem.GetProperty("detail").GetString());
        Assert.Contains("%25", problem.GetProperty("detail").GetString()); // says how to send a literal '%'
    }

    [Fact]
    public async Task A_literal_percent_is_sent_as_25_and_is_then_the_text_itself()
    {
        foreach (var (target, user) in new[]
                 {
                     ("/api/recommendations?user_id=%25zz&k=1", "%zz"), ("/api/recommendations?user_id=a%2541b&k=1", "a%41b"),
                     ("/api/recommendations?user_id=50%25&k=1", "50%"), ("/api/recommendations?user_id=%C3%BC%E4%B8%AD%F0%9F%98%80&k=1", "ü中😀"),
                     ("/api/recommendations?user_id=%c3%bc&k=1", "ü"), // hex digits in either case
                 })
        {
            var response = await SendAsync(target);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{target}: {(int)response.StatusCode} {body}");
            Assert.Equal(user, JsonDocument.Parse(body).RootElement.GetProperty("user_id").GetString());
        }
        // %zz is not a spelling of "%zz": only %25zz is.
        await AssertProblemAsync(await SendAsync("/api/recommendations?user_id=%zz&k=1"), "user_id");
    }

    [Theory]
    [InlineData("/api/recommendations/u00042?category=%00", "category")]
    [InlineData("/api/recommendations/u00042?category=Toys%0A", "category")]
    [InlineData("/api/recommendations/u00042?brand=%09Lego", "brand")]
    [InlineData("/api/recommendations/u00042?exclude_brand=a%7Fb", "exclude_brand")]
    [InlineData("/api/recommendations/u00042?category=%C2%85", "category")] // U+0085, a C1 control (next line)
    [InlineData("/api/recommendations/u00042?method=hybrid%00", "method")]
    [InlineData("/api/recommendations/u00042?k=5%00", "k")]
    [InlineData("/api/products/10001/similar?brand=%1B", "brand")]
    [InlineData("/api/analytics/ctr?from=2026-01-01%0D", "from")]
    public async Task A_control_character_in_a_value_other_than_an_id_is_a_400_naming_the_parameter(string target, string field)
    {
        var problem = await AssertProblemAsync(await SendAsync(target), field);
        Assert.Contains("control character", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_id_may_hold_a_control_character()
    {
        // The Retail API's ids may hold any character (clicks and events accept them in JSON), so the query id does too.
        var response = await SendAsync("/api/recommendations?user_id=tab%09here&k=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tab\there", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task A_parameter_the_route_does_not_take_is_a_400_that_names_it_and_lists_what_the_route_takes()
    {
        // The tryout's example: a capital K was ignored and the default 20 items came back.
        var problem = await AssertProblemAsync(await SendAsync("/api/recommendations/u00042?K=5"), "K");
        string detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'K'", detail);
        Assert.Contains("did you mean 'k'", detail);
        Assert.Contains("k, method, category, brand, exclude_brand, min_price, max_price, in_stock, strict", detail);

        await AssertProblemAsync(await SendAsync("/api/recommendations/u00042?k=5&colour=red&size=m"), "colour", "size");
        await AssertProblemAsync(await SendAsync("/api/recommendations?userId=u00042"), "userId");
        await AssertProblemAsync(await SendAsync("/api/recommendations?user_id=u00042&User_Id=u00042"), "User_Id");
        await AssertProblemAsync(await SendAsync("/api/products/10001?k=5"), "k"); // a product takes no list parameters
        await AssertProblemAsync(await SendAsync("/api/analytics/ctr?form=2026-01-01"), "form");
        await AssertProblemAsync(await SendAsync("/api/recommendations/u00042?k+=5"), "k "); // '+' in a name is a space, as forms send it
        await AssertProblemAsync(await SendAsync("/api/recommendations/u00042?=5"), ""); // a value without a name
        var none = await AssertProblemAsync(await SendAsync("/api/health?verbose"), "verbose");
        Assert.Contains("takes no query parameters", none.GetProperty("detail").GetString());
        // Nothing runs: a POST with an undeclared parameter stores and queues nothing (its missing body is not even read).
        await AssertProblemAsync(await SendAsync("/api/clicks?dry_run=true", HttpMethod.Post), "dry_run");
        await AssertProblemAsync(await SendAsync("/api/models/retrain?force=true", HttpMethod.Post, key: true), "force");

        // A declared name, however it is encoded, is the name.
        var encoded = await SendAsync("/api/recommendations/u00042?%6B=5");
        Assert.Equal(HttpStatusCode.OK, encoded.StatusCode);
        Assert.Equal(5, (await encoded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recommendations").GetArrayLength());
    }

    /// <summary>
    /// Every operation openapi.json documents (read here with the tests' own reader, not the app's): a parameter it does not
    /// declare is a 400 naming it (with <c>code</c> beside it, which is not named); each query parameter it declares, given
    /// a value its schema allows, is accepted (the answer is no 400 naming it); and <c>code</c> alone is accepted.
    /// </summary>
    /// <summary>
    /// The function key is read by the host, so the check holds it to the rules a function holds its values to (a second
    /// try's findings): given twice (which one authorised depended on their order) or with a control character, it is a 400.
    /// </summary>
    [Theory]
    [InlineData("/api/health?code=a&code=b")]
    [InlineData("/api/recommendations/u00001?code=%00")]
    [InlineData("/api/catalog/facets?code=x%09")]
    public async Task The_function_key_is_given_once_and_without_control_characters(string target)
    {
        var refused = await SendAsync(target);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["code"], await NamedFields(refused) ?? []);
    }

    /// <summary>Dates are typed values, read exactly as sent: no spaces of any kind around them, no sign.</summary>
    [Theory]
    [InlineData("from", "%202026-11-01")]
    [InlineData("from", "+2026-11-01")]
    [InlineData("from", "2026-11-01%C2%A0")]
    [InlineData("from", "%E3%80%802026-11-01")]
    [InlineData("to", "2026-11-30%E2%80%83")]
    [InlineData("to", "2026-1-30")]
    public async Task A_day_is_read_exactly_as_sent(string name, string value)
    {
        var refused = await SendAsync($"/api/analytics/ctr?{name}={value}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal([name], await NamedFields(refused) ?? []);
    }

    /// <summary>
    /// The page is reached by links from newsletters and ads, which add their own parameters; the server reads none of the
    /// page's, so it takes any (a 400 problem for <c>?utm_source=</c> would leave a shopper with no page).
    /// </summary>
    [Fact]
    public async Task The_page_takes_a_links_own_parameters()
    {
        var page = await SendAsync("/?utm_source=newsletter&utm_campaign=winter%20sale&gclid=Cj0KCQ&fbclid=x&view=dashboard", HttpMethod.Get);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_operation_refuses_an_undeclared_parameter_and_accepts_every_declared_one_and_code()
    {
        var contract = new OpenApiContract();
        var model = app.Services.GetRequiredService<ServingModelProvider>().Current!;
        var pathValues = new Dictionary<string, string>
        {
            ["userId"] = Uri.EscapeDataString(model.Model.Users.Ids[0]), ["productId"] = Uri.EscapeDataString(model.Model.Catalog.Ids[0]),
            ["id"] = "20261126-030000-3f9a2c1b", ["version"] = model.Version, ["category"] = "toys-puzzles", ["file"] = "red.svg",
            ["name"] = "app.js",
        };
        var failures = new List<string>();
        int operations = 0, declaredChecked = 0;
        foreach (var (path, verb, operation) in contract.Operations())
        {
            operations++;
            var method = new HttpMethod(verb.ToUpperInvariant());
            bool needsKey = operation.GetProperty("security").GetArrayLength() > 0;
            var declared = DeclaredQueryParameters(contract, path, verb);
            string Fill(bool idByQuery) => System.Text.RegularExpressions.Regex.Replace(path, "{([^}]+)}",
                m => idByQuery && m.Groups[1].Value is "userId" or "productId" ? "-" : pathValues[m.Groups[1].Value]);

            // An undeclared parameter, with the function key as code beside it: only the undeclared one is named; unless the
            // operation's query is open (the page: x-teddy-open-query), where it is served as without it.
            var refused = await SendAsync($"{Fill(false)}?code={Key}&{Undeclared}=1", method);
            if (operation.TryGetProperty("x-teddy-open-query", out var open) && open.ValueKind == JsonValueKind.True)
            {
                if (refused.StatusCode != HttpStatusCode.OK)
                    failures.Add($"{verb.ToUpperInvariant()} {path}?{Undeclared}=1: an open query string, expected 200, got {await Describe(refused)}");
            }
            else if (await NamedFields(refused) is not { } named || !named.SequenceEqual([Undeclared]))
                failures.Add($"{verb.ToUpperInvariant()} {path}?{Undeclared}=1: expected a 400 naming only {Undeclared}, got {await Describe(refused)}");
            if (verb != "get") continue; // the others declare no query parameters, and calling them would act

            // code alone (the function key, by which a route that needs one is then authorised): accepted.
            var withCode = await SendAsync($"{Fill(false)}?code={Key}", method);
            if (await NamedFields(withCode) is { } codeNamed && codeNamed.Contains("code"))
                failures.Add($"GET {path}?code=…: code was refused: {await Describe(withCode)}");

            foreach (var (name, schema, _) in declared)
            {
                declaredChecked++;
                bool idByQuery = name is "user_id" or "product_id";
                // The parameter with a value its schema allows, beside the operation's other required ones.
                string query = string.Join('&', declared.Where(d => d.Name == name || d.Required)
                    .Select(d => $"{d.Name}={Uri.EscapeDataString(ValueFor(d.Name, d.Schema))}"));
                var response = await SendAsync($"{Fill(idByQuery)}?{query}", method, key: needsKey);
                if (await NamedFields(response) is { } fields && fields.Contains(name))
                    failures.Add($"GET {path}?{query}: the declared parameter {name} was refused: {await Describe(response)}");
            }
        }
        Assert.True(operations >= 25, $"only {operations} operations read from openapi.json");
        Assert.True(declaredChecked >= 40, $"only {declaredChecked} declared query parameters checked");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The fields a 400 problem names (its errors' keys), or null for any other answer.</summary>
    private static async Task<string[]?> NamedFields(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.BadRequest) return null;
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray();
    }

    private static async Task<string> Describe(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {(body.Length > 300 ? body[..300] : body)}";
    }

    /// <summary>The query parameters the document declares for an operation (path-level and its own), with their schemas.</summary>
    private static List<(string Name, JsonElement Schema, bool Required)> DeclaredQueryParameters(OpenApiContract contract, string path, string verb)
    {
        var item = contract.Root.GetProperty("paths").GetProperty(path);
        var result = new List<(string, JsonElement, bool)>();
        foreach (var owner in new[] { item, item.GetProperty(verb) })
        {
            if (!owner.TryGetProperty("parameters", out var parameters)) continue;
            foreach (var declared in parameters.EnumerateArray())
            {
                var (parameter, _) = contract.Resolve(declared, "");
                if (parameter.GetProperty("in").GetString() != "query") continue;
                bool required = parameter.TryGetProperty("required", out var r) && r.GetBoolean();
                result.Add((parameter.GetProperty("name").GetString()!, parameter.GetProperty("schema"), required));
            }
        }
        return result;
    }

    /// <summary>A value the schema allows: its default, its first example or enum value, else one of its type.</summary>
    private static string ValueFor(string name, JsonElement schema)
    {
        if (schema.TryGetProperty("default", out var fallback)) return Text(fallback);
        if (schema.TryGetProperty("examples", out var examples)) return Text(examples[0]);
        if (schema.TryGetProperty("enum", out var values)) return Text(values[0]);
        string type = schema.TryGetProperty("type", out var t) ? t.GetString()! : "string";
        if (type == "array") return ValueFor(name, schema.GetProperty("items"));
        return type switch
        {
            "integer" or "number" => schema.TryGetProperty("minimum", out var minimum) ? minimum.GetRawText() : "1",
            "boolean" => "true",
            _ when schema.TryGetProperty("format", out var format) && format.GetString() == "date" => "2026-01-01",
            _ => name + "-value",
        };
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
