import type en from './en';

/** 日本語 (the article Descent Lab began with is Japanese). */
const ja: typeof en = {
  chart: {
    start: '開始点',
    minimum: '既知の最小値',
    current: '現在の点',
    contourLabel: 'f の等高線図と降下の経路。クリックで開始点を設定、ドラッグで移動、ホイールで拡大縮小',
    hint: 'グラフ上を指すとその点の f と ∇f を表示（矢印は −∇f）· クリック: ここから開始 · ドラッグ: 移動 · ホイール: 拡大縮小',
    horizontal: '横軸',
    vertical: '縦軸',
    slice: '断面図: {held} は開始点の値に固定しています。',
    savePng: 'グラフを PNG で保存…',
  },
  loss: {
    key: '— f は実線、‖∇f‖ は破線',
    title: '損失',
    log: '対数目盛',
    step: 'ステップ',
    savePng: '損失グラフを PNG で保存…',
    label: '損失グラフ: ステップごとの f（実線）と ‖∇f‖（破線）。選択中の実行と重ねた実行',
  },
  compare: {
    title: 'オプティマイザを比較',
    help: '同じ開始点から、選んだ各オプティマイザで関数を実行して並べて表示します（その他のハイパーパラメータは PyTorch の既定値）。',
    optimizer: 'オプティマイザ',
    rate: '学習率',
    rateOf: '{name} の学習率',
    run: '比較を実行',
  },
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
