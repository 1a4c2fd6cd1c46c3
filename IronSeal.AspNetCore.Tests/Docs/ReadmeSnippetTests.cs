using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IronSeal.AspNetCore.Tests.Docs;

/// <summary>
/// Every C# snippet of the repository README and the package READMEs compiles, as a top-level program with nullable
/// on and no warning. The names a snippet leaves to the reader (a secret, the request's Cookie header, the app's
/// builder, an HttpContext, a UserSession type, a set of used token ids) come from a small prelude; nothing else is added.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.Extensions.DependencyInjection;
        global using static SnippetPrelude;

        public static class SnippetPrelude
        {
            public static string secretOf32CharsOrMore => "a-secret-of-at-least-32-characters-for-the-snippets";
            public static string newSecret => secretOf32CharsOrMore + "-new";
            public static string oldSecret => secretOf32CharsOrMore + "-old";
            public static string? cookieHeaderOfTheRequest => null;
            public static WebApplicationBuilder builder { get; } = WebApplication.CreateBuilder();
            public static HttpContext context { get; } = new DefaultHttpContext();
            public static void SignIn(string email) => _ = email;
            public static HashSet<string> usedTokenIds { get; } = [];
        }
        """;

    private const string UserSessionType = "public sealed class UserSession { public string? UserId { get; set; } }";

    public static IEnumerable<TestCaseData> Snippets()
    {
        // Every block of the READMEs; of the guides, the blocks marked <!-- compiles: ReadmeSnippetTests --> (whole programs, not fragments).
        foreach ((string file, Regex blocks) in new[]
        {
            ("README.md", CSharpBlock()), ("IronSeal/README.md", CSharpBlock()), ("IronSeal.AspNetCore/README.md", CSharpBlock()), ("docs/aspnetcore.md", MarkedCSharpBlock()),
        })
        {
            string text = File.ReadAllText(Path.Combine(Repository.Root, file));
            int index = 0;
            foreach (Match match in blocks.Matches(text))
            {
                index++;
                yield return new TestCaseData(file, match.Groups[1].Value).SetName($"Snippet {index} of {file} compiles without warnings");
            }
        }
    }

    [TestCaseSource(nameof(Snippets))]
    public void Compiles_without_warnings(string file, string snippet)
    {
        string program = snippet.Contains("using IronSeal;", StringComparison.Ordinal) ? snippet : "using IronSeal;\n" + snippet;
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(program, path: file),
            CSharpSyntaxTree.ParseText(Prelude, path: "Prelude.cs"),
        };
        if (!snippet.Contains("class UserSession", StringComparison.Ordinal))
        {
            trees.Add(CSharpSyntaxTree.ParseText(UserSessionType, path: "UserSession.cs"));
        }

        CSharpCompilation compilation = CSharpCompilation.Create(
            "Snippet",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

        string[] problems = [.. compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())];

        problems.ShouldBeEmpty(program);
    }

    [Test]
    public void The_package_readmes_have_no_relative_links()
    {
        foreach (string file in new[] { "IronSeal/README.md", "IronSeal.AspNetCore/README.md" })
        {
            string text = File.ReadAllText(Path.Combine(Repository.Root, file));
            RelativeLink().Matches(text).Select(m => m.Value).ShouldBeEmpty(file);
        }
    }

    private static IEnumerable<MetadataReference> References()
    {
        string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return platform.Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
            .Append(typeof(Iron).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.DependencyInjection.IronSessionServiceCollectionExtensions).Assembly.Location)
            .Append(typeof(Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions).Assembly.Location)
            .Append(typeof(Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectMessage).Assembly.Location)
            .Append(typeof(Microsoft.IdentityModel.Protocols.IConfigurationManager<>).Assembly.Location)
            .Append(typeof(Microsoft.IdentityModel.Tokens.SecurityToken).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));
    }

    [GeneratedRegex(@"<!-- compiles: ReadmeSnippetTests -->\n```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex MarkedCSharpBlock();

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"\]\((?!https?://)[^)]*\)")]
    private static partial Regex RelativeLink();
}
