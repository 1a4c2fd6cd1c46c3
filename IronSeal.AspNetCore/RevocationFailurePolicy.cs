namespace IronSeal;

/// <summary>What a session check does when the revocation store fails and its local copy is out of date (<see cref="SessionRevocationOptions.OnStoreFailure"/>).</summary>
public enum RevocationFailurePolicy
{
    /// <summary>The session reads as empty (the user is signed out for this request): a revoked session never gets through. The default.</summary>
    Refuse,

    /// <summary>The session is accepted as it reads: the error is logged (event 9) and counted, and a revoked session gets through until the store is back.</summary>
    Accept,
}
