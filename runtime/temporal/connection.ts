/**
 * How the runtime reaches Temporal (SPEC section 6): `TEMPORAL_ADDRESS` (host:port),
 * `TEMPORAL_NAMESPACE` (default "default"), mTLS with `TEMPORAL_TLS_CERT` and
 * `TEMPORAL_TLS_KEY` (paths to PEM files, both or neither), or Temporal Cloud's
 * `TEMPORAL_API_KEY` (implies TLS). Every mistake is a message naming the variable.
 */
import { readFileSync } from "node:fs";
import { Client, Connection, type ConnectionOptions } from "@temporalio/client";
import { NativeConnection, type NativeConnectionOptions } from "@temporalio/worker";

type Env = Record<string, string | undefined>;

export interface TemporalSettings {
  address: string;
  namespace: string;
  /** Client certificate and key (mTLS), read from the files. */
  mtls?: { crt: Buffer; key: Buffer };
  apiKey?: string;
}

const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== "";

function readPem(env: Env, name: string): Buffer | string {
  const path = env[name] as string;
  try {
    return readFileSync(path);
  } catch (error) {
    const why = error instanceof Error && "code" in error && error.code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
    return `${name} names "${path}", which cannot be read (${why}); it must be the path of a PEM file`;
  }
}

/** Reads the settings from the environment; an error message names the variable to fix. */
export function temporalSettings(env: Env = process.env): TemporalSettings | { error: string } {
  const address = env["TEMPORAL_ADDRESS"];
  if (!set(address)) return { error: "set TEMPORAL_ADDRESS to your Temporal server's host:port (e.g. 127.0.0.1:7233, or <namespace>.<account>.tmprl.cloud:7233)" };
  if (!/^[^\s:/]+(:\d{1,5})?$/.test(address.trim()) && !/^\[[0-9a-f:]+\](:\d{1,5})?$/i.test(address.trim())) {
    return { error: `TEMPORAL_ADDRESS must be host:port, got "${address}"` };
  }
  const namespace = set(env["TEMPORAL_NAMESPACE"]) ? (env["TEMPORAL_NAMESPACE"]).trim() : "default";
  const settings: TemporalSettings = { address: address.trim(), namespace };
  const cert = set(env["TEMPORAL_TLS_CERT"]);
  const key = set(env["TEMPORAL_TLS_KEY"]);
  if (cert !== key) {
    return { error: cert ? "TEMPORAL_TLS_CERT is set but TEMPORAL_TLS_KEY is not: mTLS needs both the certificate and its private key" : "TEMPORAL_TLS_KEY is set but TEMPORAL_TLS_CERT is not: mTLS needs both the certificate and its private key" };
  }
  if (cert && key) {
    const crt = readPem(env, "TEMPORAL_TLS_CERT");
    if (typeof crt === "string") return { error: crt };
    const k = readPem(env, "TEMPORAL_TLS_KEY");
    if (typeof k === "string") return { error: k };
    settings.mtls = { crt, key: k };
  }
  if (set(env["TEMPORAL_API_KEY"])) settings.apiKey = (env["TEMPORAL_API_KEY"]).trim();
  return settings;
}

function tlsOf(s: TemporalSettings): ConnectionOptions["tls"] {
  if (s.mtls !== undefined) return { clientCertPair: s.mtls };
  return s.apiKey !== undefined ? true : undefined;
}

/** A client (starts, signals) for the settings. */
export async function connectClient(s: TemporalSettings): Promise<Client> {
  const options: ConnectionOptions = { address: s.address, tls: tlsOf(s) };
  if (s.apiKey !== undefined) options.apiKey = s.apiKey;
  const connection = await Connection.connect(options);
  return new Client({ connection, namespace: s.namespace });
}

/** The worker's native connection for the settings. */
export function connectWorker(s: TemporalSettings): Promise<NativeConnection> {
  const options: NativeConnectionOptions = { address: s.address, tls: tlsOf(s) };
  if (s.apiKey !== undefined) options.apiKey = s.apiKey;
  return NativeConnection.connect(options);
}

/** Why connecting failed, in plain words with the address. */
export function connectFailure(s: TemporalSettings, error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `cannot reach Temporal at ${s.address} (namespace ${s.namespace}; TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE): ${detail}`;
}
