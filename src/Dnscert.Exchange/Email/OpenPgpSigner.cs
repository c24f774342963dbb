using Dnscert.Core;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Dnscert.Exchange.Email;

/// <summary>
/// Signs outgoing e-mail with the instance's OpenPGP key as RFC 3156 <c>multipart/signed</c> (SHA-256), through
/// MimeKit's OpenPGP support over BouncyCastle: no gpg process and no keyring on disk, so nothing ever asks a key
/// server. The key and passphrase are read and checked once, when the transport is built, so a wrong passphrase stops
/// <c>serve</c> at start rather than failing every message later.
/// </summary>
public sealed class OpenPgpSigner : IDisposable
{
    /// <summary>The largest key file read (an armoured RSA-4096 secret key with subkeys is about 15 KiB).</summary>
    public const int MaxKeyFileBytes = 256 * 1024;

    private readonly KeyContext _context;
    private readonly PgpSecretKey _key;

    private OpenPgpSigner(PgpSecretKeyRingBundle secret, PgpSecretKey key, char[] passphrase)
    {
        _key = key;
        _context = new KeyContext(secret, passphrase);
    }

    /// <summary>The signing key's id (hex), for logs and the documentation of a deployment.</summary>
    public string KeyId => _key.KeyId.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Loads the key of <paramref name="options"/>; throws <see cref="DnscertException"/> naming what is wrong.</summary>
    public static OpenPgpSigner Load(OpenPgpSigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var file = options.SecretKeyFile ?? throw new DnscertException($"{OpenPgpSigningOptions.Section}: SecretKeyFile is not set.");
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            throw new DnscertException($"{OpenPgpSigningOptions.Section}: the secret key file {file} does not exist.");
        }

        if (info.Length > MaxKeyFileBytes)
        {
            throw new DnscertException($"{OpenPgpSigningOptions.Section}: the secret key file {file} is larger than {MaxKeyFileBytes} bytes.");
        }

        using var stream = File.OpenRead(file);
        return FromArmoredKey(stream, Passphrase(options), file);
    }

    /// <summary>Reads an armoured (or binary) secret key ring from <paramref name="key"/>; <paramref name="source"/> names it in errors.</summary>
    public static OpenPgpSigner FromArmoredKey(Stream key, string passphrase, string source)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(passphrase);
        PgpSecretKeyRingBundle bundle;
        try
        {
            bundle = new PgpSecretKeyRingBundle(PgpUtilities.GetDecoderStream(key));
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException)
        {
            throw new DnscertException($"{source} is not an OpenPGP secret key: {e.Message}", e);
        }

        var signing = bundle.GetKeyRings().SelectMany(r => r.GetSecretKeys()).FirstOrDefault(k => k.IsSigningKey && !k.IsPrivateKeyEmpty)
            ?? throw new DnscertException($"{source} holds no OpenPGP secret key that can sign.");
        try
        {
            _ = signing.ExtractPrivateKey(passphrase.ToCharArray());
        }
        catch (PgpException e)
        {
            throw new DnscertException($"{source}: the passphrase does not unlock the signing key {signing.KeyId:X16}.", e);
        }

        return new OpenPgpSigner(bundle, signing, passphrase.ToCharArray());
    }

    public void Dispose() => _context.Dispose();

    /// <summary>Wraps <paramref name="entity"/> (the whole body of a message) in a multipart/signed with a detached signature.</summary>
    public MultipartSigned Sign(MimeEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        lock (_context)
        {
            return MultipartSigned.Create(_context, _key, DigestAlgorithm.Sha256, entity);
        }
    }

    /// <summary>
    /// Whether <paramref name="message"/> carries at least one signature and every one is valid under this instance's key
    /// (to check that a relay did not alter a message; also what the tests use beside gpg).
    /// </summary>
    public bool Verify(MultipartSigned message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_context)
        {
            var signatures = message.Verify(_context);
            return signatures.Count > 0 && signatures.All(s => s.Verify());
        }
    }

    private static string Passphrase(OpenPgpSigningOptions options)
    {
        if (options.PassphraseFile is { } path)
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > 4096)
            {
                throw new DnscertException($"{OpenPgpSigningOptions.Section}: the passphrase file {path} does not exist or is larger than 4096 bytes.");
            }

            return File.ReadLines(path).FirstOrDefault() ?? "";
        }

        if (options.PassphraseEnvironment is { } variable)
        {
            return Environment.GetEnvironmentVariable(variable)
                ?? throw new DnscertException($"{OpenPgpSigningOptions.Section}: the environment variable {variable} is not set.");
        }

        return "";
    }

    /// <summary>
    /// An OpenPGP context over one in-memory secret key ring, for signing and for verifying its own signatures; it never
    /// looks keys up anywhere else, imports nothing and exports nothing (MimeKit's concrete contexts keep keyrings on disk).
    /// </summary>
    private sealed class KeyContext : OpenPgpContext
    {
        private readonly char[] _passphrase;
        private readonly PgpSecretKeyRingBundle _secret;
        private readonly PgpPublicKeyRingBundle _public;

        public KeyContext(PgpSecretKeyRingBundle secret, char[] passphrase)
        {
            _passphrase = passphrase;
            _secret = secret;
            _public = new PgpPublicKeyRingBundle(secret.GetKeyRings().Select(PublicRing).ToList());
        }

        public override bool CanEncrypt(MailboxAddress mailbox, CancellationToken cancellationToken = default) => false;

        public override Task<bool> CanEncryptAsync(MailboxAddress mailbox, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public override bool CanSign(MailboxAddress signer, CancellationToken cancellationToken = default) => true;

        public override Task<bool> CanSignAsync(MailboxAddress signer, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public override MimePart Export(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default) => throw new NotSupportedException("This context exports no keys.");

        public override Task<MimePart> ExportAsync(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default) => throw new NotSupportedException("This context exports no keys.");

        public override void Export(IEnumerable<MailboxAddress> mailboxes, Stream stream, bool armor, CancellationToken cancellationToken = default) => throw new NotSupportedException("This context exports no keys.");

        public override Task ExportAsync(IEnumerable<MailboxAddress> mailboxes, Stream stream, bool armor, CancellationToken cancellationToken = default) => throw new NotSupportedException("This context exports no keys.");

        protected override PgpPublicKeyRing GetPublicKeyRing(long keyId, CancellationToken cancellationToken = default) => _public.GetPublicKeyRing(keyId);

        protected override Task<PgpPublicKeyRing?> GetPublicKeyRingAsync(long keyId, CancellationToken cancellationToken = default) => Task.FromResult<PgpPublicKeyRing?>(_public.GetPublicKeyRing(keyId));

        public override IList<PgpPublicKey> GetPublicKeys(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default) => throw new NotSupportedException("This context does not encrypt.");

        public override Task<IList<PgpPublicKey>> GetPublicKeysAsync(IEnumerable<MailboxAddress> mailboxes, CancellationToken cancellationToken = default) => throw new NotSupportedException("This context does not encrypt.");

        protected override PgpSecretKey GetSecretKey(long keyId, CancellationToken cancellationToken = default) => _secret.GetSecretKey(keyId);

        protected override Task<PgpSecretKey> GetSecretKeyAsync(long keyId, CancellationToken cancellationToken = default) => Task.FromResult(_secret.GetSecretKey(keyId));

        public override PgpSecretKey GetSigningKey(MailboxAddress mailbox, CancellationToken cancellationToken = default) => throw new NotSupportedException("Sign with the configured key.");

        public override Task<PgpSecretKey> GetSigningKeyAsync(MailboxAddress mailbox, CancellationToken cancellationToken = default) => throw new NotSupportedException("Sign with the configured key.");

        public override void Import(PgpPublicKeyRing keyring, CancellationToken cancellationToken = default) => throw new NotSupportedException("This context imports no keys.");

        public override void Import(PgpPublicKeyRingBundle bundle, CancellationToken cancellationToken = default) => throw new NotSupportedException("This context imports no keys.");

        public override void Import(PgpSecretKeyRing keyring, CancellationToken cancellationToken = default) => throw new NotSupportedException("This context imports no keys.");

        public override void Import(PgpSecretKeyRingBundle bundle, CancellationToken cancellationToken = default) => throw new NotSupportedException("This context imports no keys.");

        protected override string GetPasswordForKey(PgpSecretKey key) => new(_passphrase);

        private static PgpPublicKeyRing PublicRing(PgpSecretKeyRing ring)
        {
            using var encoded = new MemoryStream();
            foreach (var key in ring.GetPublicKeys())
            {
                key.Encode(encoded);
            }

            return new PgpPublicKeyRing(encoded.ToArray());
        }
    }
}
