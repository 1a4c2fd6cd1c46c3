namespace IronSeal.Sample;

/// <summary>
/// What a magic link carries, sealed: who may sign in, and where to go afterwards (a local URL, checked again when the
/// link is used). Nothing secret: the seal hides it anyway, but the link travels through e-mail.
/// </summary>
public sealed record MagicLinkToken(string Login, string? ReturnUrl);
