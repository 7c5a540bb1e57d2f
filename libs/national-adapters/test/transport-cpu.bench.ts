import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type {
  JsonHttpOptions,
  JsonHttpRequest,
  JsonHttpResponse,
} from '../src/transport/json-http';

/*
 * CPU per call of the national adapters' JSON transport: POSTs a portal-sized dossier to a local
 * node:http server run in a child process (so its CPU is not counted) and reads
 * `process.cpuUsage()` of this process around the measured calls.
 *
 *   node -r ts-node/register/transpile-only libs/national-adapters/test/transport-cpu.bench.ts \
 *     [--calls 20000] [--concurrency 8] [--module <path of a module exporting JsonHttpTransport>]
 *
 * `--module` measures another transport with the same harness, e.g. an older commit's
 * json-http.ts saved with `git show <commit>:libs/national-adapters/src/transport/json-http.ts`.
 * Run variants one after another, interleaved, on an otherwise idle machine.
 */

interface Transport {
  request(request: JsonHttpRequest): Promise<JsonHttpResponse>;
  close(): void;
}

interface TransportModule {
  JsonHttpTransport: new (options: JsonHttpOptions) => Transport;
}

const ANSWER = JSON.stringify({ error_code: '0', message: 'Thành công' });

function serve(): void {
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(ANSWER);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on('disconnect', () => process.exit(0));
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
}

/** A dossier write about the size the portal-sync sends (DongBoHoSoMC, one dossier). */
function dossierBody(sequence: number): Record<string, unknown> {
  return {
    session: 'bench-session',
    madonvi: '000.00.01.H26',
    service: 'DongBoHoSoMC',
    data: [
      {
        MaHoSo: `000.00.01.H26-260312-${String(sequence).padStart(5, '0')}`,
        MaTTHC: '1.001193',
        TenTTHC: 'Đăng ký thành lập hộ kinh doanh',
        ChuHoSo: 'Nguyễn Văn An',
        SoDienThoai: '0912345678',
        Email: 'an.nguyen@example.vn',
        DiaChi: 'Số 12, phố Hàng Bài, phường Hoàn Kiếm, Hà Nội',
        NgayTiepNhan: '20260312093000',
        NgayHenTra: '20260319170000',
        TrangThaiHoSo: '2',
        KenhThucHien: '2',
        DanhSachGiayToNop: Array.from({ length: 4 }, (_, i) => ({
          TenGiayTo: `Giấy tờ số ${i + 1}`,
          DuongDanTapTin: `https://dichvucong.example.vn/files/${sequence}/${i}.pdf`,
        })),
      },
    ],
  };
}

async function measure(): Promise<void> {
  const calls = Number(option('calls', '20000'));
  const concurrency = Number(option('concurrency', '8'));
  const modulePath = path.resolve(
    option('module', path.join(__dirname, '../src/transport/json-http')),
  );
  const { JsonHttpTransport } = (await import(modulePath)) as TransportModule;

  const server = fork(__filename, ['--serve'], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) =>
    server.once('message', (message: { port: number }) => resolve(message.port)),
  );
  const transport = new JsonHttpTransport({
    baseUrl: `http://127.0.0.1:${port}/dvcqg/api`,
    timeoutMs: 10_000,
    maxSockets: concurrency,
  });
  let sequence = 0;
  const run = async (count: number): Promise<void> => {
    const worker = async (): Promise<void> => {
      while (sequence < count) {
        sequence += 1;
        const res = await transport.request({
          method: 'POST',
          body: dossierBody(sequence),
          headers: { 'Idempotency-Key': `bench-${sequence}:DongBoHoSoMC` },
        });
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };

  // Warm-up: JIT, sockets and pools, before anything is measured.
  await run(Math.min(2_000, calls));
  sequence = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  await run(calls);
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = Number(process.hrtime.bigint() - wallBefore) / 1e6;
  transport.close();
  server.disconnect();

  const cpuUs = cpu.user + cpu.system;
  console.log(
    JSON.stringify({
      module: path.relative(process.cwd(), modulePath),
      calls,
      concurrency,
      cpuUserMs: Math.round(cpu.user / 1000),
      cpuSystemMs: Math.round(cpu.system / 1000),
      cpuUsPerCall: Math.round((cpuUs / calls) * 10) / 10,
      wallMs: Math.round(wallMs),
      callsPerSecond: Math.round(calls / (wallMs / 1000)),
    }),
  );
}

if (process.argv.includes('--serve')) {
  serve();
} else {
  measure().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
