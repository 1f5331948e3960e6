using Teddy.Feedback;

namespace Teddy.Core.Tests.Feedback;

/// <summary>A click report's checks: each refusal names the field and the rule it broke.</summary>
public class ClickValidationTests
{
    private static Dictionary<string, string> Validate(string? modelVersion) =>
        ClickValidation.Validate("c-1", "u-1", "p-1", 1, "hybrid", modelVersion);

    [Fact]
    public void A_model_version_too_long_is_told_its_length_and_one_that_is_not_text_is_told_so()
    {
        Assert.Empty(Validate(null));
        Assert.Empty(Validate(new string('v', ClickValidation.MaxModelVersionLength)));
        Assert.Equal("model_version may be at most 64 characters; got 65.", Validate(new string('v', 65))["model_version"]);
        Assert.Equal("model_version may be at most 64 characters; got 5000.", Validate(new string('v', 5000))["model_version"]);
        Assert.Equal("model_version contains invalid Unicode (an unpaired surrogate).", Validate("2026\ud800")["model_version"]);
    }

    [Theory]
    [InlineData("v\u0000")]
    [InlineData("20261126_030000\n")]
    [InlineData("\u0085v")]
    public void A_model_version_holding_a_control_character_is_refused(string version) =>
        Assert.Equal("model_version may not contain control characters (U+0000–U+001F, U+007F–U+009F).", Validate(version)["model_version"]);

    [Fact]
    public void An_id_too_long_is_told_its_length_and_a_blank_one_that_it_is_required()
    {
        var errors = ClickValidation.Validate(new string('c', 257), " ", "p\udc00", 1, "hybrid", null);
        Assert.Equal("click_id may be at most 256 characters.", errors["click_id"]);
        Assert.Equal("user_id is required and may not be blank.", errors["user_id"]);
        Assert.Equal("product_id contains invalid Unicode (an unpaired surrogate).", errors["product_id"]);
    }
}
