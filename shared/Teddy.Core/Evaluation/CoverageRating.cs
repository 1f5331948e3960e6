namespace Teddy.Evaluation;

/// <summary>The original system's rating bands for the coverage score.</summary>
public static class CoverageRating
{
    public static string Of(double coverageScore) => coverageScore switch
    {
        >= 0.40 => "Outstanding",
        >= 0.25 => "Excellent",
        >= 0.15 => "Good",
        >= 0.08 => "Fair",
        _ => "Poor",
    };
}
