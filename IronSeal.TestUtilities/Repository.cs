namespace IronSeal.TestUtilities;

/// <summary>Where the repository is, found from the running test assembly.</summary>
public static class Repository
{
    /// <summary>The password the adapter tests give the sample app and the Node peer.</summary>
    public const string Password = "a-test-password-for-the-sample-app-of-32+-chars";

    /// <summary>The command that installs what the Node and Browser test tiers need (see CONTRIBUTING.md).</summary>
    public const string SetupCommand = "eng/test-setup.sh";

    /// <summary>The folder holding IronSeal.sln.</summary>
    public static string Root
    {
        get
        {
            for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "IronSeal.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Cannot find IronSeal.sln above " + AppContext.BaseDirectory);
        }
    }
}
