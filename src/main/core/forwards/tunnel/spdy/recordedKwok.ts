/**
 * Bytes recorded from a real exchange: kube-apiserver v1.36.3 proxying a raw SPDY/3.1
 * port-forward (`portforward.k8s.io`) to kwok v0.8.0's kubelet, whose PortForward sends pod
 * port 7000 to a local echo server and port 7001 to a local port that refuses. The client
 * side is this folder's encoder (which the server accepted); the server side is Go's
 * spdystream with its real zlib compressor. Used by recordedKwok.test.ts as golden bytes.
 */

/** Ours: SYN_STREAM 1 (error, port 7000, requestid 0), its empty DATA+FIN, SYN_STREAM 3 (data). */
export const CLIENT_OPEN_7000 =
  '8003000100000057000000010000000000007820e3c6a7c2003d00c2ff000000030000000a73747265616d74797065' +
  '000000056572726f7200000004706f72740000000437303030000000097265717565737469640000000130000000ff' +
  'ff0000000101000000800300010000005000000003000000000000003c00c3ff000000030000000a73747265616d74' +
  '797065000000046461746100000004706f72740000000437303030000000097265717565737469640000000130000000ffff';

/**
 * The server's answer, after we sent "hello" on stream 3: SYN_REPLY 1 (its zlib stream starts
 * with the dictionary id), SYN_REPLY 3, then DATA 3 "hello" echoed by the pod.
 */
export const SERVER_ACCEPT_7000 =
  '80030002000000140000000178f9e3c6a7c26260606000000000ffff800300020000000c00000003026100000000ffff' +
  '000000030000000568656c6c6f';

/**
 * The server's answer to the pair 5/7 for port 7001 (nothing listens behind it): SYN_REPLY 5
 * and 7, an empty DATA+FIN on the data stream 7, the error text on the error stream 5, then
 * RST_STREAM 5 CANCEL. kwok ends the data stream before sending the text.
 */
export const SERVER_REFUSE_7001 =
  '800300020000000c00000005026100000000ffff800300020000000c00000007026100000000ffff000000070100000000' +
  '000005000000986572726f7220666f7277617264696e6720706f7274203730303120746f20706f64206563686f2d37643463' +
  '3663396362352d3774706a712f7465746865722d64656d6f2c20756964203a206661696c656420746f206469616c203132' +
  '372e302e302e313a313a206469616c20746370203132372e302e302e313a313a20636f6e6e6563743a20636f6e6e656374' +
  '696f6e207265667573656480030003000000080000000500000005';

/** The error text inside SERVER_REFUSE_7001. */
export const REFUSE_TEXT =
  'error forwarding port 7001 to pod echo-7d4c6c9cb5-7tpjq/tether-demo, uid : failed to dial 127.0.0.1:1: dial tcp 127.0.0.1:1: connect: connection refused';
