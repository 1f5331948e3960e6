using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Teddy.Functions.Http;
using Teddy.Functions.Tests.Infrastructure;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// The query string check on its own: the percent-encoding rule, the declarations it enforces (openapi.json's, per
/// route and method), and the Functions worker's half (<see cref="QueryStringMiddleware"/>; Core Tools cannot run here,
/// so it is driven with a <see cref="WorkerFunctionContext"/>). The development runner's half is tested over HTTP
/// (<see cref="QueryStringEndToEndTests"/>).
/// </summary>
public class QueryStringCheckTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("a+b", "a+b")]
    [InlineData("%25zz", "%zz")]
    [InlineData("a%2541b", "a%41b")]
    [InlineData("%2F%2f", "//")]
    [InlineData("%C3%BC%c3%bc", "üü")]
    [InlineData("%F0%9F%98%80", "😀")]
    [InlineData("ü%20x", "ü x")] // characters sent as they are, beside escapes
    public void Well_formed_text_is_decoded_once(string text, string decoded)
    {
        Assert.True(PercentEncoding.IsWellFormed(text));
        Assert.Equal(decoded, PercentEncoding.Decode(text, plusIsSpace: false));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("a%")]
    [InlineData("%2")]
    [InlineData("%zz")]
    [InlineData("%G0")]
    [InlineData("%-1")]
    [InlineData("% 1")]
    [InlineData("%FF")]
    [InlineData("%FF%FE")]
    [InlineData("%C3%28")] // a lead byte without its continuation
    [InlineData("%C3")]
    [InlineData("%E2%82")] // cut short
    [InlineData("%C0%AF")] // overlong
    [InlineData("%ED%A0%80")] // a surrogate
    [InlineData("%F4%90%80%80")] // past U+10FFFF
    [InlineData("%80")] // a continuation byte alone
    public void Malformed_text_is_refused_never_kept_literally(string text)
    {
        Assert.False(PercentEncoding.IsWellFormed(text));
        Assert.Null(PercentEncoding.Decode(text, plusIsSpace: false));
    }

    [Fact]
    public void A_lone_surrogate_among_the_characters_is_refused()
    {
        // Built here: a theory's data would carry the string serialised, the lone surrogate replaced by U+FFFD.
        foreach (string text in new[] { "\ud800x", "x\udc00", "%41\ud800", "\ud83d" })
            Assert.Null(PercentEncoding.Decode(text, plusIsSpace: false));
    }

    [Fact]
    public void A_plus_is_a_space_only_when_asked()
    {
        Assert.Equal("a b", PercentEncoding.Decode("a+b", plusIsSpace: true));
        Assert.Equal("a b+", PercentEncoding.Decode("a+b%2B", plusIsSpace: true));
        Assert.Equal("a+b+", PercentEncoding.Decode("a+b%2B", plusIsSpace: false));
    }

    [Fact]
    public void Any_text_escaped_is_well_formed_and_decodes_back_to_itself()
    {
        Gen.String.Where(s => !HasLoneSurrogate(s)).Sample(text =>
        {
            string escaped = Uri.EscapeDataString(text);
            return PercentEncoding.IsWellFormed(escaped) && PercentEncoding.Decode(escaped, plusIsSpace: false) == text;
        });
        // And its UTF-8 bytes escaped one by one, in upper or lower case hex.
        Gen.String.Where(s => !HasLoneSurrogate(s)).Select(Gen.Bool).Sample((text, lower) =>
        {
            string escaped = string.Concat(Encoding.UTF8.GetBytes(text).Select(b => "%" + (lower ? b.ToString("x2") : b.ToString("X2"))));
            return PercentEncoding.Decode(escaped, plusIsSpace: false) == text;
        });
    }

    [Fact]
    public void Any_byte_sequence_that_is_not_utf8_is_refused()
    {
        Gen.Byte.Array[1, 12].Where(bytes => !System.Text.Unicode.Utf8.IsValid(bytes)).Sample(bytes =>
            PercentEncoding.Decode(string.Concat(bytes.Select(b => $"%{b:X2}")), plusIsSpace: false) is null);
    }

    [Fact]
    public void The_check_declares_for_each_route_exactly_the_query_parameters_openapi_json_lists()
    {
        var contract = new OpenApiContract();
        var failures = new List<string>();
        foreach (var route in OpenApiDocumentTests.Routes())
        {
            foreach (string method in route.Methods)
            {
                string verb = method == "head" ? "get" : method;
                var documented = OpenApiDocumentTests.DocumentedPaths(route.Template)
                    .SelectMany(path => QueryParameterNames(contract, path, verb))
                    .ToHashSet(StringComparer.Ordinal);
                var declared = QueryStringCheck.Declared(route.Function, method);
                if (!documented.SetEquals(declared))
                    failures.Add($"{route.Function} {method.ToUpperInvariant()}: the check takes [{string.Join(", ", declared)}], openapi.json lists [{string.Join(", ", documented)}]");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Contains("k", QueryStringCheck.Declared("GetRecommendations", "GET"));
        Assert.Contains("user_id", QueryStringCheck.Declared("GetRecommendations", "HEAD"));
        Assert.Empty(QueryStringCheck.Declared("GetHealth", "GET"));
    }

    [Theory]
    [InlineData("GetRecommendations", "?K=5", "K")]
    [InlineData("GetRecommendations", "?user_id=%zz", "user_id")]
    [InlineData("GetProduct", "?product_id=%FF", "product_id")]
    [InlineData("GetHealth", "?x=1", "x")]
    [InlineData("RecordClick", "?%zz", "%zz")]
    public async Task The_worker_answers_a_refused_query_with_the_400_and_does_not_run_the_function(string function, string query, string field)
    {
        var context = new WorkerFunctionContext(http: true, function);
        context.HttpContext.Request.Method = "GET";
        context.HttpContext.Request.QueryString = new QueryString(query);
        await new QueryStringMiddleware().Invoke(context, _ => throw new InvalidOperationException("the function ran"));

        var answer = Assert.IsType<ObjectResult>(context.Bindings.Result);
        Assert.Equal(400, answer.StatusCode);
        Assert.Contains(Problems.ContentType, answer.ContentTypes);
        Assert.Equal(field, Assert.IsType<ProblemDetails>(answer.Value).Extensions["field"]);
    }

    [Theory]
    [InlineData("GetRecommendations", "")]
    [InlineData("GetRecommendations", "?k=5&method=hybrid&brand=a&brand=b&user_id=%25zz&code=key")]
    [InlineData("GetHealth", "?code=key")]
    [InlineData("GetClickThroughRates", "?from=2026-01-01&to=2026-02-01&top=3")]
    public async Task The_worker_runs_the_function_when_the_query_passes(string function, string query)
    {
        var context = new WorkerFunctionContext(http: true, function);
        context.HttpContext.Request.Method = "GET";
        if (query.Length > 0) context.HttpContext.Request.QueryString = new QueryString(query);
        bool ran = false;
        await new QueryStringMiddleware().Invoke(context, _ => { ran = true; return Task.CompletedTask; });
        Assert.True(ran);
        Assert.Null(context.Bindings.Result);
    }

    [Fact]
    public async Task Functions_without_an_http_trigger_pass_unchanged()
    {
        bool ran = false;
        await new QueryStringMiddleware().Invoke(new WorkerFunctionContext(http: false, "RetrainFromQueue"), _ => { ran = true; return Task.CompletedTask; });
        Assert.True(ran);
    }

    [Fact]
    public void Every_fault_of_a_query_is_named_at_once()
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "GET";
        request.QueryString = new QueryString("?K=5&k=%zz&brand=ok&colour=red&%FF=1&code=key");
        var problem = Assert.IsType<ProblemDetails>(QueryStringCheck.Problem("GetRecommendations", request)!.Value);
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.Equal(["%FF", "K", "colour", "k"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("K", problem.Extensions["field"]);
    }

    private static IEnumerable<string> QueryParameterNames(OpenApiContract contract, string path, string verb)
    {
        if (!contract.Root.GetProperty("paths").TryGetProperty(path, out var item) || !item.TryGetProperty(verb, out var operation)) yield break;
        foreach (var owner in new[] { item, operation })
        {
            if (!owner.TryGetProperty("parameters", out var parameters)) continue;
            foreach (var declared in parameters.EnumerateArray())
            {
                var (parameter, _) = contract.Resolve(declared, "");
                if (parameter.GetProperty("in").GetString() == "query") yield return parameter.GetProperty("name").GetString()!;
            }
        }
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }
}
