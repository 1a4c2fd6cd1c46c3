using System.Reflection;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace IronSeal.Tests.Crypto;

/// <summary>
/// NIST CAVP (AESAVS) vectors for AES-256-CBC on both of IronSeal's AES paths: the AES-NI code and the platform's AES
/// (what the <c>IronSeal.UsePlatformAes</c> switch selects). Files and their source: <c>Vectors/nist/README.md</c>.
/// </summary>
public sealed class NistAesTests
{
    public enum AesPath
    {
        Hardware,
        Platform,
    }

    private static readonly string[] s_files = ["CBCGFSbox256.rsp", "CBCKeySbox256.rsp", "CBCVarKey256.rsp", "CBCVarTxt256.rsp", "CBCMMT256.rsp"];

    public static IEnumerable<TestCaseData> Files() =>
        from path in new[] { AesPath.Hardware, AesPath.Platform }
        from file in s_files
        select new TestCaseData(path, file).SetName($"NIST_{Path.GetFileNameWithoutExtension(file)}_{path}");

    [TestCaseSource(nameof(Files))]
    public void Every_vector_of_a_CAVP_file_encrypts_and_decrypts_to_its_expected_bytes(AesPath path, string file)
    {
        RequireHardware(path);
        List<NistVector> vectors = NistVector.Read(file);
        vectors.Count.ShouldBe(ExpectedCount(file));

        foreach (NistVector vector in vectors)
        {
            byte[] output = new byte[vector.Input.Length];
            Run(path, vector.Encrypt, vector.Key, vector.Iv, vector.Input, output);
            output.ShouldBe(vector.Expected, $"{file} {(vector.Encrypt ? "ENCRYPT" : "DECRYPT")} COUNT = {vector.Count}");
        }
    }

    [Test]
    public void The_vector_files_hold_830_vectors_half_of_them_decryptions()
    {
        List<NistVector> all = [.. s_files.SelectMany(NistVector.Read)];

        all.Count.ShouldBe(830);
        all.Count(v => !v.Encrypt).ShouldBe(415);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void The_Monte_Carlo_procedure_gives_the_platform_AES_results_for_all_100_outer_rounds(bool encrypt)
    {
        RequireHardware(AesPath.Hardware);
        NistVector seed = NistVector.Read("CBCMMT256.rsp").First(v => v.Encrypt == encrypt);

        List<byte[]> ours = MonteCarlo(AesPath.Hardware, encrypt, seed.Key, seed.Iv, seed.Input[..16]);
        List<byte[]> platform = MonteCarlo(AesPath.Platform, encrypt, seed.Key, seed.Iv, seed.Input[..16]);

        ours.Count.ShouldBe(100);
        for (int i = 0; i < 100; i++)
        {
            ours[i].ShouldBe(platform[i], $"outer round {i}");
        }

        ours.Distinct(new ByteArrayComparer()).Count().ShouldBe(100);
    }

    [Test]
    public void The_switch_is_read_from_the_runtime_configuration()
    {
        // IronSeal.Tests.csproj passes -p:IronSealUsePlatformAes=true on as a RuntimeHostConfigurationOption (the route
        // docs/security.md documents); .ci/run runs the suite once without and once with it.
        bool built = typeof(NistAesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Any(a => a.Key == "IronSealUsePlatformAes" && a.Value == "true");

        AesCbc.PlatformRequested.ShouldBe(built);
        AesCbc.IsHardwareAccelerated.ShouldBe(!built && X86Aes.IsSupported);
        AppContext.TryGetSwitch(AesCbc.UsePlatformAesSwitch, out bool on).ShouldBe(built);
        on.ShouldBe(built);
    }

    /// <summary>AESAVS §6.4.2, CBC Monte Carlo for 256-bit keys; returns the 100 outputs (CT[999] or PT[999]).</summary>
    private static List<byte[]> MonteCarlo(AesPath path, bool encrypt, byte[] key, byte[] iv, byte[] first)
    {
        var outputs = new List<byte[]>();
        key = (byte[])key.Clone();
        iv = (byte[])iv.Clone();
        byte[] input = (byte[])first.Clone();
        for (int i = 0; i < 100; i++)
        {
            var results = new byte[1000][];
            byte[] chain = iv;
            for (int j = 0; j < 1000; j++)
            {
                byte[] output = new byte[16];
                Run(path, encrypt, key, chain, input, output);
                results[j] = output;
                // The chaining value of CBC: the ciphertext block (encrypting) or the input ciphertext (decrypting).
                byte[] next = j == 0 ? iv : results[j - 1];
                chain = encrypt ? output : input;
                input = next;
            }

            outputs.Add(results[999]);
            byte[] newKey = [.. results[998], .. results[999]];
            for (int k = 0; k < 32; k++)
            {
                key[k] ^= newKey[k];
            }

            iv = results[999];
            input = results[998];
        }

        return outputs;
    }

    private static void Run(AesPath path, bool encrypt, byte[] key, byte[] iv, byte[] input, byte[] output)
    {
        switch ((path, encrypt))
        {
            case (AesPath.Hardware, true):
                AesCbc.EncryptHardwareNoPadding(key, iv, input, output);
                break;
            case (AesPath.Hardware, false):
                AesCbc.DecryptHardwareNoPadding(key, iv, input, output);
                break;
            case (AesPath.Platform, true):
                AesCbc.EncryptPortableNoPadding(key, iv, input, output);
                break;
            default:
                AesCbc.DecryptPortableNoPadding(key, iv, input, output);
                break;
        }
    }

    private static void RequireHardware(AesPath path)
    {
        if (path == AesPath.Hardware && !X86Aes.IsSupported)
        {
            Assert.Ignore("This CPU has no AES-NI, so IronSeal uses the platform's AES only; the Platform cases cover it.");
        }
    }

    private static int ExpectedCount(string file) => file switch
    {
        "CBCGFSbox256.rsp" => 10,
        "CBCKeySbox256.rsp" => 32,
        "CBCVarKey256.rsp" => 512,
        "CBCVarTxt256.rsp" => 256,
        _ => 20,
    };

    private sealed record NistVector(bool Encrypt, int Count, byte[] Key, byte[] Iv, byte[] Input, byte[] Expected)
    {
        public static List<NistVector> Read(string file)
        {
            var vectors = new List<NistVector>();
            bool encrypt = true;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string raw in File.ReadLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors", "nist", file)))
            {
                string line = raw.Trim();
                if (line == "[ENCRYPT]" || line == "[DECRYPT]")
                {
                    encrypt = line == "[ENCRYPT]";
                    continue;
                }

                int equals = line.IndexOf('=', StringComparison.Ordinal);
                if (line.StartsWith('#') || equals < 0)
                {
                    continue;
                }

                fields[line[..equals].Trim()] = line[(equals + 1)..].Trim();
                if (fields.ContainsKey("KEY") && fields.ContainsKey("IV") && fields.ContainsKey("PLAINTEXT") && fields.ContainsKey("CIPHERTEXT"))
                {
                    byte[] plain = Convert.FromHexString(fields["PLAINTEXT"]);
                    byte[] cipher = Convert.FromHexString(fields["CIPHERTEXT"]);
                    vectors.Add(new NistVector(
                        encrypt, int.Parse(fields["COUNT"], System.Globalization.CultureInfo.InvariantCulture),
                        Convert.FromHexString(fields["KEY"]), Convert.FromHexString(fields["IV"]),
                        encrypt ? plain : cipher, encrypt ? cipher : plain));
                    fields.Clear();
                }
            }

            return vectors;
        }
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => BitConverter.ToInt32(SHA256.HashData(obj));
    }
}
