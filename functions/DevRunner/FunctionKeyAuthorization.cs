using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Teddy.Functions.DevRunner;

/// <summary>
/// Enforces the trigger's authorization level as the Functions host does: anonymous functions are open;
/// function- and admin-level functions need the key in the <c>x-functions-key</c> header or the
/// <c>code</c> query parameter.
/// </summary>
public sealed class FunctionKeyAuthorization(string functionKey)
{
    public bool Allows(AuthorizationLevel level, HttpRequest request) => Check(level, request) == FunctionKeyVerdict.Allowed;

    /// <summary>Allowed, or why not: no key presented, or a key that is not the function key (so the 401 can say which).</summary>
    public FunctionKeyVerdict Check(AuthorizationLevel level, HttpRequest request)
    {
        if (level == AuthorizationLevel.Anonymous) return FunctionKeyVerdict.Allowed;
        string? presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(presented)) return FunctionKeyVerdict.Missing;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(functionKey))
            ? FunctionKeyVerdict.Allowed : FunctionKeyVerdict.NotAccepted;
    }
}

/// <summary>What <see cref="FunctionKeyAuthorization.Check"/> found.</summary>
public enum FunctionKeyVerdict
{
    Allowed,
    /// <summary>No key in the header nor the query.</summary>
    Missing,
    /// <summary>A key was sent but it is not the function key.</summary>
    NotAccepted,
}
