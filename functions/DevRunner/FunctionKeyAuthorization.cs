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
    public bool Allows(AuthorizationLevel level, HttpRequest request)
    {
        if (level == AuthorizationLevel.Anonymous) return true;
        string? presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return presented is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(functionKey));
    }
}
