using System.Text.RegularExpressions;

namespace IronSeal.Tests.Architecture;

/// <summary>
/// The core's layers hold in the code, not only in the folder tree: a type of one folder uses only types of the folders
/// below it (DESIGN.md: crypto → seal → sessions, cookies → sessions; buffers and JSON helpers serve the layers above them, and
/// sessions reach crypto only through the seal layer).
/// Read from the sources, comments left out, so a rename cannot hide a dependency that a cref would not.
/// </summary>
public sealed partial class LayerTests
{
    /// <summary>What each folder may use besides itself and the BCL.</summary>
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["Buffers"] = [],
        ["Crypto"] = ["Buffers"],
        ["Json"] = ["Buffers"],
        ["Cookies"] = ["Buffers"],
        ["Seal"] = ["Buffers", "Crypto", "Json"],
        ["Sessions"] = ["Buffers", "Json", "Seal", "Cookies"],
    };

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record|delegate\s+\w+)\s+(\w+)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"//.*?$|/\*.*?\*/|""(?:[^""\\]|\\.)*""", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CommentOrString();

    private static string Folder(string file) => Path.GetFileName(Path.GetDirectoryName(file)!);

    [Test]
    public void Every_folder_of_the_core_is_a_known_layer_and_no_source_sits_at_the_root()
    {
        string root = Path.Combine(Repository.Root, "IronSeal");
        Directory.GetFiles(root, "*.cs").ShouldBeEmpty();
        Directory.GetDirectories(root).Select(Path.GetFileName).Where(name => name is not ("bin" or "obj" or "Properties"))
            .ShouldBe(s_allowed.Keys, ignoreOrder: true);
    }

    [Test]
    public void No_layer_uses_a_type_of_a_layer_above_it()
    {
        string root = Path.Combine(Repository.Root, "IronSeal");
        string[] files = [.. s_allowed.Keys.SelectMany(folder => Directory.GetFiles(Path.Combine(root, folder), "*.cs"))];
        var code = files.ToDictionary(file => file, file => CommentOrString().Replace(File.ReadAllText(file), " "));
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            foreach (Match match in Declaration().Matches(code[file]))
            {
                owner.TryAdd(match.Groups[1].Value, Folder(file));
            }
        }

        owner.Count.ShouldBeGreaterThan(50, "the scan found the core's types");
        var violations = new List<string>();
        foreach (string file in files)
        {
            string folder = Folder(file);
            foreach (Match word in Regex.Matches(code[file], @"\b[A-Z]\w+\b"))
            {
                if (owner.TryGetValue(word.Value, out string? other) && other != folder && !s_allowed[folder].Contains(other))
                {
                    violations.Add($"{folder}/{Path.GetFileName(file)} uses {word.Value} ({other})");
                }
            }
        }

        violations.Distinct().ShouldBeEmpty();
    }
}
