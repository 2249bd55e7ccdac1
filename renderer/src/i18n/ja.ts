import type en from './en';

/** 日本語 (the article Descent Lab began with is Japanese). */
const ja: typeof en = {
  playback: {
    label: '再生',
    back: '1 ステップ戻る',
    forward: '1 ステップ進む',
    play: '再生',
    pause: '一時停止',
    scrub: '実行のステップ',
    step: 'ステップ {step}',
    stepOf: 'ステップ {step} / {total}',
    speed: '速度',
    perSecond: '{n}/秒',
  },
  inspector: {
    title: 'ステップ詳細',
    empty: '終了した実行を選ぶと、各ステップを調べられます。',
    point: 'x',
    delta: 'Δx（進んだ量）',
    predicted: '予測 Δf ≈ ∇f·Δx',
    predictedPlain: '予測 Δf ≈ −η‖∇f‖²',
    predictedHelp: '1 次のテイラー展開: f(x + Δx) ≈ f(x) + ∇f·Δx',
    actual: '実際の Δf',
    ratio: '実際 ÷ 予測',
    ratioHelp: 'ステップが十分小さく線形近似が成り立つとき 1 に近づきます',
    wentDown: 'f は減少しました（降下ステップ）。',
    wentUp: 'f は増加しました（行き過ぎ。学習率を小さくしてみてください）。',
    last: '実行はここで終了しました（この点からのステップはありません）。',
    state: 'このステップ後のオプティマイザの状態',
  },
};

export default ja;
