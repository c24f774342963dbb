using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Dnscert.Dns.Transport;

/// <summary>
/// Reads the ICMP errors Linux queues on an unconnected UDP socket that has IP_RECVERR (IPV6_RECVERR) set. A connected
/// socket gets "port unreachable" as ECONNREFUSED from its next receive; a socket shared by many exchanges has to learn
/// which exchange it belongs to, and the error queue says: the original destination (address and port) and the start
/// of the original datagram, whose first two bytes are the query's ID. .NET has no MSG_ERRQUEUE flag, so this one call
/// goes to libc directly (no maintained library offers it). Used under a lock: one native buffer per socket.
/// </summary>
internal sealed class UdpErrorQueue : IDisposable
{
    /// <summary>Bytes of the original datagram kept per error: the ID is all that is needed.</summary>
    private const int DataSize = 16;
    private const int NameSize = 128;
    private const int ControlSize = 256;
    private const int IovecSize = 16;
    private const int MsgDontWait = 0x40;
    private const int MsgErrQueue = 0x2000;
    private const int IpProtocolIp = 0;
    private const int IpRecvErr = 11;
    private const int IpProtocolIpv6 = 41;
    private const int Ipv6RecvErr = 25;

    private readonly nint _block = Marshal.AllocHGlobal(IovecSize + NameSize + ControlSize + DataSize);
    private readonly byte[] _name = new byte[NameSize];
    private readonly byte[] _control = new byte[ControlSize];
    private readonly byte[] _data = new byte[DataSize];
    private int _disposed;

    /// <summary>The error queue and its layout (LP64 <c>msghdr</c>) are known on 64-bit Linux only; elsewhere closed ports time out.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Asks the kernel to queue ICMP errors on <paramref name="socket"/> (and to report them at all: unconnected sockets get none otherwise).</summary>
    public static void Enable(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> one = stackalloc byte[4];
        BitConverter.TryWriteBytes(one, 1);

        if (socket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.SetRawSocketOption(IpProtocolIpv6, Ipv6RecvErr, one);
        }
        else
        {
            socket.SetRawSocketOption(IpProtocolIp, IpRecvErr, one);
        }
    }

    /// <summary>
    /// Takes one queued error without waiting. <paramref name="destination"/> is the original destination as a
    /// sockaddr (family, port at 2, IPv4 address at 4 or IPv6 address at 8); <paramref name="id"/> is null when fewer
    /// than two bytes of the original datagram came back.
    /// </summary>
    public bool TryRead(Socket socket, out ReadOnlySpan<byte> destination, out ushort? id, out SocketError error)
    {
        ArgumentNullException.ThrowIfNull(socket);
        destination = default;
        id = null;
        error = SocketError.SocketError;
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        var name = _block + IovecSize;
        var control = name + NameSize;
        var data = control + ControlSize;
        Marshal.WriteIntPtr(_block, data);
        Marshal.WriteIntPtr(_block, IntPtr.Size, DataSize);
        var header = new MessageHeader
        {
            Name = name,
            NameLength = NameSize,
            Iov = _block,
            IovLength = 1,
            Control = control,
            ControlLength = ControlSize,
        };
        var read = RecvMsg(socket.SafeHandle, ref header, MsgErrQueue | MsgDontWait);
        if (read < 0)
        {
            return false;
        }

        var nameLength = (int)Math.Min(header.NameLength, NameSize);
        Marshal.Copy(name, _name, 0, nameLength);
        destination = _name.AsSpan(0, nameLength);
        var dataLength = (int)Math.Min(read, DataSize);
        Marshal.Copy(data, _data, 0, dataLength);
        if (dataLength >= 2)
        {
            id = BinaryPrimitives.ReadUInt16BigEndian(_data);
        }

        var controlLength = (int)Math.Min((long)header.ControlLength, ControlSize);
        Marshal.Copy(control, _control, 0, controlLength);
        error = ReadErrno(_control.AsSpan(0, controlLength));
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Marshal.FreeHGlobal(_block);
        }
    }

    // cmsghdr on LP64: size_t length, int level, int type, then sock_extended_err whose first field is the errno.
    private static SocketError ReadErrno(ReadOnlySpan<byte> control)
    {
        var offset = 0;
        while (offset + 20 <= control.Length)
        {
            var length = (int)Math.Min(BitConverter.ToUInt64(control[offset..]), int.MaxValue);
            var level = BitConverter.ToInt32(control[(offset + 8)..]);
            var type = BitConverter.ToInt32(control[(offset + 12)..]);
            if ((level == IpProtocolIp && type == IpRecvErr) || (level == IpProtocolIpv6 && type == Ipv6RecvErr))
            {
                return BitConverter.ToInt32(control[(offset + 16)..]) switch
                {
                    111 => SocketError.ConnectionRefused,
                    113 => SocketError.HostUnreachable,
                    101 => SocketError.NetworkUnreachable,
                    90 => SocketError.MessageSize,
                    _ => SocketError.SocketError,
                };
            }

            if (length < 16)
            {
                break;
            }

            offset += (length + 7) & ~7;
        }

        return SocketError.SocketError;
    }

    [DllImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static extern nint RecvMsg(SafeHandle socket, ref MessageHeader message, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public nint Name;
        public uint NameLength;
        public nint Iov;
        public nuint IovLength;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }
}
