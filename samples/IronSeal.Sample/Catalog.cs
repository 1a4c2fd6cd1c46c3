namespace IronSeal.Sample;

public sealed record Product(string Sku, string Name, decimal Price);

public static class Catalog
{
    public static IReadOnlyList<Product> Products { get; } =
    [
        new("notebook", "Notebook", 4.50m),
        new("pen", "Fountain pen", 12.00m),
        new("ink", "Ink bottle", 7.25m),
    ];

    public static Product? Find(string? sku) => Products.FirstOrDefault(p => p.Sku == sku);

    /// <summary>Adds the guest's lines to the user's saved cart, summing quantities of the same product.</summary>
    public static List<CartLine> Merge(IEnumerable<CartLine> saved, IEnumerable<CartLine> guest)
    {
        var merged = saved.Select(l => new CartLine { Sku = l.Sku, Quantity = l.Quantity, Note = l.Note }).ToList();
        foreach (CartLine line in guest)
        {
            CartLine? same = merged.FirstOrDefault(m => m.Sku == line.Sku && m.Note == line.Note);
            if (same is null)
            {
                merged.Add(new CartLine { Sku = line.Sku, Quantity = line.Quantity, Note = line.Note });
            }
            else
            {
                same.Quantity += line.Quantity;
            }
        }

        return merged;
    }
}
