namespace IronSeal.Tests.Crypto;

/// <summary>
/// NIST CAVP (AESAVS) vectors for AES-256-CBC through IronSeal's AES (the platform's, keyed per call): every vector of
/// GFSbox, KeySbox, VarKey, VarTxt and MMT, encrypting and decrypting. Files and their source: <c>Vectors/nist/README.md</c>.
/// </summary>
public sealed class NistAesTests
{
    private static readonly string[] s_files = ["CBCGFSbox256.rsp", "CBCKeySbox256.rsp", "CBCVarKey256.rsp", "CBCVarTxt256.rsp", "CBCMMT256.rsp"];

    public static IEnumerable<TestCaseData> Files() =>
        from file in s_files
        select new TestCaseData(file).SetName($"NIST_{Path.GetFileNameWithoutExtension(file)}");

    [TestCaseSource(nameof(Files))]
    public void Every_vector_of_a_CAVP_file_encrypts_and_decrypts_to_its_expected_bytes(string file)
    {
        List<NistVector> vectors = NistVector.Read(file);
        vectors.Count.ShouldBe(ExpectedCount(file));

        foreach (NistVector vector in vectors)
        {
            byte[] output = new byte[vector.Input.Length];
            if (vector.Encrypt)
            {
                AesCbc.EncryptNoPadding(vector.Key, vector.Iv, vector.Input, output);
            }
            else
            {
                AesCbc.DecryptNoPadding(vector.Key, vector.Iv, vector.Input, output);
            }

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
}
