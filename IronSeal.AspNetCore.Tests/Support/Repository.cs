using IronSeal.Tests.Interop;

namespace IronSeal.AspNetCore.Tests.Support;

internal static class Repository
{
    /// <summary>The password the tests give the sample app (and the Node peer).</summary>
    public const string Password = "a-test-password-for-the-sample-app-of-32+-chars";

    public static string Root => NodeHarness.RepositoryRoot;
}
