// Labels of the console in Vietnamese (default) and English. Keys are stable; the e2e test
// selects by the visible text of both languages.
const dictionaries = {
  vi: {
    title: 'Bảng điều khiển vận hành',
    subtitle: 'Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia',
    switchLanguage: 'English',
    switchLanguageLabel: 'Chuyển sang tiếng Anh',
    signOut: 'Đăng xuất',
    signInTitle: 'Đăng nhập bảng điều khiển',
    keyLabel: 'Khóa vận hành',
    keyHint: 'Dán khóa vận hành (HUB_OPS_KEYS). Khóa chỉ được giữ trong phiên trình duyệt này.',
    signIn: 'Đăng nhập',
    keyRejected: 'Khóa không hợp lệ. Hãy kiểm tra lại.',
    live: 'Trực tiếp',
    updatedAt: 'Cập nhật lúc',
    offline: 'Mất kết nối — đang thử lại',
    syncRate: 'Tỷ lệ đồng bộ',
    target: 'Mục tiêu',
    targetMet: 'Đạt mục tiêu',
    targetMissed: 'Chưa đạt',
    total: 'Sự kiện đã tiếp nhận',
    synced: 'Đã đồng bộ',
    pending: 'Chờ gửi',
    retrying: 'Đang thử lại',
    dead: 'Bị từ chối',
    backlog: 'Tồn đọng',
    backlogHint: 'sự kiện chưa đồng bộ',
    oldest: 'Sự kiện chưa đồng bộ lâu nhất',
    deadline: 'Hạn',
    pastDeadline: 'Quá hạn',
    withinDeadline: 'Trong hạn',
    heldCases: 'Hồ sơ bị giữ (thiếu thứ tự)',
    adapters: 'Kết nối hệ thống quốc gia',
    adapter_portal: 'Cổng DVC quốc gia',
    adapter_population: 'CSDL quốc gia về dân cư',
    adapter_business: 'CSDL đăng ký doanh nghiệp',
    'adapter_results-store': 'Kho kết quả điện tử (Cổng DVCQG)',
    breaker_closed: 'Hoạt động',
    'breaker_half-open': 'Đang thử lại',
    breaker_open: 'Ngắt mạch',
    breaker_unknown: 'Không rõ',
    since: 'từ',
    instances: 'tiến trình',
    rateOverTime: 'Tỷ lệ đồng bộ theo thời gian',
    throughput: 'Lưu lượng (sự kiện/phút)',
    accepted: 'Tiếp nhận',
    lag: 'Tồn đọng theo thời gian',
    outbox: 'Hàng đợi outbox',
    noData: 'Chưa có dữ liệu',
    byDepartment: 'Theo sở, ngành',
    byProcedure: 'Theo thủ tục hành chính',
    department: 'Sở, ngành',
    procedure: 'Mã TTHC',
    procedureColumn: 'Thủ tục',
    notInCatalog: 'Không có trong danh mục TTHC quốc gia',
    short: 'Còn thiếu',
    rate: 'Tỷ lệ',
    oldestShort: 'Lâu nhất',
    sortBy: 'Sắp xếp theo',
    deadLetters: 'Sự kiện bị cổng từ chối',
    filter: 'Lọc',
    clearFilter: 'Xóa lọc',
    reasonCode: 'Mã lý do',
    searchText: 'Tìm theo nội dung',
    caseCode: 'Mã hồ sơ',
    event: 'Sự kiện',
    reason: 'Lý do của Cổng',
    attempts: 'Số lần gửi',
    deadAt: 'Thời điểm',
    waitingBehind: 'Sự kiện chờ sau',
    actions: 'Thao tác',
    replay: 'Gửi lại',
    replaySelected: 'Gửi lại các mục đã chọn',
    select: 'Chọn',
    selectAll: 'Chọn tất cả',
    replayDone: 'Đã yêu cầu gửi lại {n} sự kiện.',
    noDeadLetters: 'Không có sự kiện nào bị từ chối.',
    caseSearch: 'Tra cứu hồ sơ',
    search: 'Tra cứu',
    caseNotFound: 'Không tìm thấy hồ sơ.',
    timeline: 'Dòng thời gian',
    status: 'Trạng thái',
    step_accepted: 'Hub tiếp nhận',
    step_published: 'Phát lên Kafka',
    'step_job-created': 'Tạo lệnh đồng bộ',
    'step_attempt-failed': 'Gửi không thành công',
    step_replayed: 'Vận hành gửi lại',
    step_synced: 'Cổng xác nhận',
    step_dead: 'Cổng từ chối',
    nationalStore: 'Kho kết quả quốc gia',
    scorecardTitle: 'Chỉ số theo kế hoạch của thành phố',
    alertsFiring: '{n} cảnh báo',
    alertBreakerOpen:
      '{adapter}: mất kết nối (ngắt mạch mở) từ {since}; công việc chờ và tự gửi lại khi có kết nối.',
    alertPastDeadline: 'Có sự kiện chờ đồng bộ lên Cổng đã {age}, quá hạn.',
    alertDeadLetters: '{n} sự kiện bị Cổng từ chối: xem lý do, sửa rồi gửi lại.',
    alertRateBelowTarget: 'Tỷ lệ đồng bộ {rate} dưới mục tiêu.',
    month: 'Tháng',
    show: 'Xem',
    downloadCsv: 'Tải CSV',
    cityTotal: 'Toàn thành phố',
    indicator: 'Chỉ số',
    figuresAsOf: 'Số liệu tính đến {at}',
    heldCasesTitle: 'Hồ sơ bị giữ (thiếu sự kiện)',
    heldCasesHelp:
      'Cổng không nhận tiếp hồ sơ vì hub chưa nhận được một sự kiện của nó: sở, ngành cần gửi sự kiện còn thiếu.',
    heldCallDepartment: 'Sở, ngành cần gửi',
    missingEvent: 'Sự kiện thiếu',
    waitingEvents: 'Sự kiện chờ',
    waitingSince: 'Chờ từ',
    noHeldCases: 'Không có hồ sơ nào bị giữ.',
    missingExplained: 'Hub chưa nhận được sự kiện này; hệ thống của {department} cần gửi.',
    hubOriginated: 'Hub tạo',
    trace: 'Vết',
    traceId: 'Mã vết (trace id)',
    hubOriginatedExplained:
      'Hub tạo sự kiện này từ xác nhận của Nền tảng thanh toán quốc gia; nó đứng sau sự kiện cùng số của sở, ngành.',
    store_pending: 'Chờ đăng ký',
    store_retrying: 'Đang thử lại',
    store_registered: 'Đã đăng ký',
    store_rejected: 'Bị từ chối',
    'state_in-outbox': 'Chờ phát lên Kafka',
    'state_awaiting-job': 'Chờ tạo lệnh',
    state_pending: 'Chờ gửi',
    state_retrying: 'Đang thử lại',
    state_synced: 'Đã đồng bộ',
    state_dead: 'Bị từ chối',
    'state_in-progress': 'Đang xử lý',
    timeUnknown: 'không rõ thời điểm',
    by: 'bởi',
    portalStatus: 'trạng thái trên Cổng',
    nextAttempt: 'Lần gửi tiếp theo',
    waitsBehind: 'Chờ sau sự kiện #{n}',
    seconds: 'giây',
    none: '—',
  },
  en: {
    title: 'Operations console',
    subtitle: 'Dossier sync to the National Public Service Portal',
    switchLanguage: 'Tiếng Việt',
    switchLanguageLabel: 'Switch to Vietnamese',
    signOut: 'Sign out',
    signInTitle: 'Sign in to the console',
    keyLabel: 'Ops key',
    keyHint: 'Paste the operations key (HUB_OPS_KEYS). It is kept only for this browser session.',
    signIn: 'Sign in',
    keyRejected: 'That key was not accepted. Please check it.',
    live: 'Live',
    updatedAt: 'Updated at',
    offline: 'Connection lost — retrying',
    syncRate: 'Sync rate',
    target: 'Target',
    targetMet: 'Target met',
    targetMissed: 'Below target',
    total: 'Accepted events',
    synced: 'Synced',
    pending: 'Pending',
    retrying: 'Retrying',
    dead: 'Rejected',
    backlog: 'Backlog',
    backlogHint: 'events not yet synced',
    oldest: 'Oldest unsynced event',
    deadline: 'Deadline',
    pastDeadline: 'Past deadline',
    withinDeadline: 'Within deadline',
    heldCases: 'Held cases (sequence gap)',
    adapters: 'National systems',
    adapter_portal: 'National portal (DVCQG)',
    adapter_population: 'National population DB',
    adapter_business: 'Business registry',
    'adapter_results-store': 'National results store (portal)',
    breaker_closed: 'Closed',
    'breaker_half-open': 'Half-open',
    breaker_open: 'Open',
    breaker_unknown: 'Unknown',
    since: 'since',
    instances: 'process(es)',
    rateOverTime: 'Sync rate over time',
    throughput: 'Throughput (events/min)',
    accepted: 'Accepted',
    lag: 'Backlog over time',
    outbox: 'Outbox queue',
    noData: 'No data yet',
    byDepartment: 'By department',
    byProcedure: 'By procedure',
    department: 'Department',
    procedure: 'Procedure code',
    procedureColumn: 'Procedure',
    notInCatalog: 'Not in the national procedure catalog',
    short: 'Short',
    rate: 'Rate',
    oldestShort: 'Oldest',
    sortBy: 'Sort by',
    deadLetters: 'Rejected by the portal',
    filter: 'Filter',
    clearFilter: 'Clear',
    reasonCode: 'Reason code',
    searchText: 'Search text',
    caseCode: 'Case code',
    event: 'Event',
    reason: "Portal's reason",
    attempts: 'Attempts',
    deadAt: 'When',
    waitingBehind: 'Waiting behind',
    actions: 'Actions',
    replay: 'Replay',
    replaySelected: 'Replay selected',
    select: 'Select',
    selectAll: 'Select all',
    replayDone: 'Replay requested for {n} events.',
    noDeadLetters: 'Nothing was rejected.',
    caseSearch: 'Case search',
    search: 'Search',
    caseNotFound: 'No such case.',
    timeline: 'Timeline',
    status: 'Status',
    step_accepted: 'Hub accepted',
    step_published: 'Published to Kafka',
    'step_job-created': 'Sync job created',
    'step_attempt-failed': 'Attempt failed',
    step_replayed: 'Replayed by operator',
    step_synced: 'Portal acknowledged',
    step_dead: 'Portal rejected',
    nationalStore: 'National results store',
    scorecardTitle: 'Indicators against the city plans',
    alertsFiring: '{n} alerts',
    alertBreakerOpen:
      '{adapter}: unreachable (breaker open) since {since}; work waits and is sent on recovery.',
    alertPastDeadline: 'An event has waited {age} for the portal: past the deadline.',
    alertDeadLetters: '{n} events rejected by the portal: read the reasons, fix, replay.',
    alertRateBelowTarget: 'Sync rate {rate}, below the target.',
    month: 'Month',
    show: 'Show',
    downloadCsv: 'Download CSV',
    cityTotal: 'City total',
    indicator: 'Indicator',
    figuresAsOf: 'Figures as of {at}',
    heldCasesTitle: 'Held cases (missing events)',
    heldCasesHelp:
      'The portal cannot take these cases further: the hub never received one of their events. The department must send it.',
    heldCallDepartment: 'Department to call',
    missingEvent: 'Missing event',
    waitingEvents: 'Events waiting',
    waitingSince: 'Waiting since',
    noHeldCases: 'No case is held.',
    missingExplained: 'The hub never received this event; {department}’s system must send it.',
    hubOriginated: 'From the hub',
    trace: 'Trace',
    traceId: 'Trace id',
    hubOriginatedExplained:
      'The hub made this event from the national payment platform’s confirmation; it follows the department’s event of the same number.',
    store_pending: 'Waiting to register',
    store_retrying: 'Retrying',
    store_registered: 'Registered',
    store_rejected: 'Refused',
    'state_in-outbox': 'Waiting in outbox',
    'state_awaiting-job': 'Awaiting sync job',
    state_pending: 'Pending',
    state_retrying: 'Retrying',
    state_synced: 'Synced',
    state_dead: 'Rejected',
    'state_in-progress': 'In progress',
    timeUnknown: 'time unknown',
    by: 'by',
    portalStatus: 'portal status',
    nextAttempt: 'Next attempt',
    waitsBehind: 'Waits behind event #{n}',
    seconds: 's',
    none: '—',
  },
};

const STORAGE_KEY = 'hub-console-lang';
let current = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';

export const language = () => current;

export function setLanguage(lang) {
  current = lang === 'en' ? 'en' : 'vi';
  localStorage.setItem(STORAGE_KEY, current);
  document.documentElement.lang = current;
}

export function t(key, params = {}) {
  const text = dictionaries[current][key] ?? dictionaries.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

/** Fills every element marked data-i18n (text) or data-i18n-aria (aria-label). */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]'))
    el.setAttribute('aria-label', t(el.dataset.i18nAria));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]'))
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
}

const locales = { vi: 'vi-VN', en: 'en-GB' };

export const formatNumber = (n) => new Intl.NumberFormat(locales[current]).format(n);

export const formatPercent = (ratio) =>
  new Intl.NumberFormat(locales[current], {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(Math.floor(ratio * 1000) / 1000);

/** Every time the console shows is Hanoi's (UTC+7), whatever the browser's zone. */
export const HANOI = 'Asia/Ho_Chi_Minh';

/** Date, year and time, Hanoi time: an operator compares it with logs and with other days. */
export const formatTime = (iso) =>
  iso
    ? new Intl.DateTimeFormat(locales[current], {
        timeZone: HANOI,
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      }).format(new Date(iso))
    : t('timeUnknown');

/** A day (YYYY-MM-DD) as the language writes it. */
export const formatDate = (day) =>
  new Intl.DateTimeFormat(locales[current], {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(`${day}T00:00:00Z`));

/** Hanoi wall-clock time of day, HH:mm or HH:mm:ss (chart axes, "updated at"). */
export const formatClock = (at, withSeconds = true) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: HANOI,
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(new Date(at));

export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} ${current === 'vi' ? 'giây' : 's'}`;
  const m = Math.floor(s / 60);
  if (m < 60)
    return `${m} ${current === 'vi' ? 'phút' : 'min'} ${s % 60} ${current === 'vi' ? 'giây' : 's'}`;
  const h = Math.floor(m / 60);
  return `${h} ${current === 'vi' ? 'giờ' : 'h'} ${m % 60} ${current === 'vi' ? 'phút' : 'min'}`;
}
