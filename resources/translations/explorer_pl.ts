<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>Actions</name>
    <message>
        <source>Selection</source>
        <translation>Wybór</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Plik</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nowy</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Otwórz…</translation>
    </message>
    <message>
        <source>Open preset</source>
        <translation>Otwórz przykład</translation>
    </message>
    <message>
        <source>Open recent</source>
        <translation>Otwórz ostatnie</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Zapisz</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Zapisz jako…</translation>
    </message>
    <message>
        <source>Save as, without trained weights…</source>
        <translation>Zapisz jako, bez wyuczonych wag…</translation>
    </message>
    <message>
        <source>Import CSV data…</source>
        <translation>Importuj dane CSV…</translation>
    </message>
    <message>
        <source>Import images…</source>
        <translation>Importuj obrazy…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Eksportuj…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Eksport</translation>
    </message>
    <message>
        <source>Export animation…</source>
        <translation>Eksportuj animację…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Zakończ</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edycja</translation>
    </message>
    <message>
        <source>Undo weight or bias change</source>
        <translation>Cofnij zmianę wagi lub biasu</translation>
    </message>
    <message>
        <source>Redo weight or bias change</source>
        <translation>Ponów zmianę wagi lub biasu</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>&amp;Uczenie</translation>
    </message>
    <message>
        <source>Start / pause</source>
        <translation>Uruchom / wstrzymaj</translation>
    </message>
    <message>
        <source>One step</source>
        <translation>Jeden krok</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Resetuj</translation>
    </message>
    <message>
        <source>New initial weights</source>
        <translation>Nowe wagi początkowe</translation>
    </message>
    <message>
        <source>Gradient check</source>
        <translation>Sprawdzenie gradientu</translation>
    </message>
    <message>
        <source>Measure the cost of backprop</source>
        <translation>Zmierz koszt propagacji wstecznej</translation>
    </message>
    <message>
        <source>Step-through: next</source>
        <translation>Krok po kroku: następny</translation>
    </message>
    <message>
        <source>Step-through: previous</source>
        <translation>Krok po kroku: poprzedni</translation>
    </message>
    <message>
        <source>Back to the live network</source>
        <translation>Powrót do bieżącej sieci</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Widok</translation>
    </message>
    <message>
        <source>Layers / neurons</source>
        <translation>Warstwy / neurony</translation>
    </message>
    <message>
        <source>Fit the graph to the window</source>
        <translation>Dopasuj graf do okna</translation>
    </message>
    <message>
        <source>Side panel</source>
        <translation>Panel boczny</translation>
    </message>
    <message>
        <source>Presentation mode</source>
        <translation>Tryb prezentacji</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Motyw</translation>
    </message>
    <message>
        <source>Dark, high contrast</source>
        <translation>Ciemny, wysoki kontrast</translation>
    </message>
    <message>
        <source>Light, high contrast</source>
        <translation>Jasny, wysoki kontrast</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <source>previous θ</source>
        <translation>poprzedni θ</translation>
    </message>
    <message>
        <source>next θ</source>
        <translation>następny θ</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Skróty klawiszowe</translation>
    </message>
    <message>
        <source>About Backprop Explorer</source>
        <translation>O programie Backprop Explorer</translation>
    </message>
    <message>
        <source>Mouse</source>
        <translation>Mysz</translation>
    </message>
    <message>
        <source>Neuron view: choose a weight to set by hand</source>
        <translation>Widok neuronów: wybór wagi do ręcznej zmiany</translation>
    </message>
    <message>
        <source>click an edge</source>
        <translation>kliknij krawędź</translation>
    </message>
    <message>
        <source>Neuron view: choose a neuron's bias to set by hand</source>
        <translation>Widok neuronów: wybór obciążenia neuronu do ręcznej zmiany</translation>
    </message>
    <message>
        <source>click a neuron</source>
        <translation>kliknij neuron</translation>
    </message>
    <message>
        <source>Neuron view: change the chosen weight or bias</source>
        <translation>Widok neuronów: zmiana wybranej wagi lub obciążenia</translation>
    </message>
    <message>
        <source>drag it up or down</source>
        <translation>przeciągnij w górę lub w dół</translation>
    </message>
    <message>
        <source>Matrices: choose the weight or bias a cell stands for</source>
        <translation>Macierze: wybór wagi lub obciążenia, któremu odpowiada komórka</translation>
    </message>
    <message>
        <source>click a cell</source>
        <translation>kliknij komórkę</translation>
    </message>
    <message>
        <source>select θ₀ … θ₉</source>
        <translation>wybierz θ₀ … θ₉</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Polecenie</translation>
    </message>
    <message>
        <source>Keys or mouse</source>
        <translation>Klawisze lub mysz</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
</context>
<context>
    <name>Animation</name>
    <message>
        <source>Loss curve</source>
        <translation>Krzywa straty</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Predykcja</translation>
    </message>
    <message>
        <source>The chain: graph, formula and matrices</source>
        <translation>Łańcuch: graf, wzór i macierze</translation>
    </message>
    <message>
        <source>Whole window</source>
        <translation>Całe okno</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>krok {0}</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>Eksport animacji</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Pokaż</translation>
    </message>
    <message>
        <source>Training steps</source>
        <translation>Kroki uczenia</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Klatki</translation>
    </message>
    <message>
        <source>Frames per second</source>
        <translation>Klatki na sekundę</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Plik</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Nagraj</translation>
    </message>
    <message>
        <source>GIF (*.gif);;Animated PNG (*.png *.apng);;WebP (*.webp);;MP4 video (*.mp4)</source>
        <translation>GIF (*.gif);;Animowany PNG (*.png *.apng);;WebP (*.webp);;Wideo MP4 (*.mp4)</translation>
    </message>
    <message>
        <source>Recording {0}…</source>
        <translation>Nagrywanie {0}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>Recorded {0} frames to {1}</source>
        <translation>Nagrano {0} klatek do {1}</translation>
    </message>
    <message>
        <source>Cannot export the animation</source>
        <translation>Nie można wyeksportować animacji</translation>
    </message>
</context>
<context>
    <name>CheckPanel</name>
    <message>
        <source>Run gradient check (G)</source>
        <translation>Sprawdź gradient (G)</translation>
    </message>
    <message>
        <source>max rel. error ∂L/∂Aᵢ</source>
        <translation>maks. błąd wzgl. ∂L/∂Aᵢ</translation>
    </message>
    <message>
        <source>max rel. error ∂L/∂bᵢ</source>
        <translation>maks. błąd wzgl. ∂L/∂bᵢ</translation>
    </message>
    <message>
        <source>Central differences of the batch mean loss, step 1e-5, on up to {0} samples and up to {1} entries per array; the error is relative to the gradient's largest entry.</source>
        <translation>Centralne ilorazy różnicowe średniej straty po partii, krok 1e-5, na co najwyżej {0} próbkach i co najwyżej {1} elementach każdej tablicy; błąd jest względny wobec największego elementu gradientu.</translation>
    </message>
    <message>
        <source>checking …</source>
        <translation>sprawdzanie …</translation>
    </message>
    <message>
        <source>check failed: {0}</source>
        <translation>sprawdzenie nie powiodło się: {0}</translation>
    </message>
    <message>
        <source>✔ pass</source>
        <translation>✔ zgodny</translation>
    </message>
    <message>
        <source>✘ FAIL</source>
        <translation>✘ NIEZGODNY</translation>
    </message>
    <message>
        <source>✔ all pass</source>
        <translation>✔ wszystkie zgodne</translation>
    </message>
    <message>
        <source>✘ some fail</source>
        <translation>✘ niektóre niezgodne</translation>
    </message>
    <message>
        <source>worst relative error {0}</source>
        <translation>największy błąd względny {0}</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>sizes[{0}]: {1} is not an integer</source>
        <translation>sizes[{0}]: {1} nie jest liczbą całkowitą</translation>
    </message>
    <message>
        <source>— preset —</source>
        <translation>— przykład —</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Uczenie</translation>
    </message>
    <message>
        <source>Start  (Space)</source>
        <translation>Uruchom  (Space)</translation>
    </message>
    <message>
        <source>Step (N)</source>
        <translation>Krok (N)</translation>
    </message>
    <message>
        <source>Reset (R)</source>
        <translation>Resetuj (R)</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>Optymalizator</translation>
    </message>
    <message>
        <source>learning rate on a log scale, 1e-5 … 10</source>
        <translation>współczynnik uczenia w skali logarytmicznej, 1e-5 … 10</translation>
    </message>
    <message>
        <source>type any learning rate, e.g. 0.003 or 1e6</source>
        <translation>wpisz dowolny współczynnik uczenia, np. 0.003 lub 1e6</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>cały zbiór</translation>
    </message>
    <message>
        <source>method</source>
        <translation>metoda</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>współczynnik uczenia</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>rozmiar partii</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>zanik wag</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Dane</translation>
    </message>
    <message>
        <source>data set</source>
        <translation>zbiór danych</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>szum</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>liczba próbek</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>ziarno</translation>
    </message>
    <message>
        <source>squared error</source>
        <translation>błąd kwadratowy</translation>
    </message>
    <message>
        <source>softmax cross-entropy</source>
        <translation>entropia krzyżowa z softmaksem</translation>
    </message>
    <message>
        <source>squared error: the note's L = ‖y − f_K‖²; cross-entropy: classes</source>
        <translation>błąd kwadratowy: L = ‖y − f_K‖² z notatki; entropia krzyżowa: klasy</translation>
    </message>
    <message>
        <source>the share of rows held out for testing (0 to 0.5)</source>
        <translation>część wierszy odłożona do testu (od 0 do 0,5)</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>strata</translation>
    </message>
    <message>
        <source>test share</source>
        <translation>część testowa</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Sieć</translation>
    </message>
    <message>
        <source>layer sizes, e.g. 2-8-8-1</source>
        <translation>rozmiary warstw, np. 2-8-8-1</translation>
    </message>
    <message>
        <source>n_0-n_1-…-n_K: input width, hidden widths, output width</source>
        <translation>n_0-n_1-…-n_K: szerokość wejścia, szerokości warstw ukrytych, szerokość wyjścia</translation>
    </message>
    <message>
        <source>sizes n₀-n₁-…-n_K</source>
        <translation>rozmiary n₀-n₁-…-n_K</translation>
    </message>
    <message>
        <source>Apply network</source>
        <translation>Zastosuj sieć</translation>
    </message>
    <message>
        <source>Sample shown in the chain</source>
        <translation>Próbka pokazana w łańcuchu</translation>
    </message>
    <message>
        <source>sample #</source>
        <translation>próbka nr</translation>
    </message>
    <message>
        <source>Pause  (Space)</source>
        <translation>Wstrzymaj  (Space)</translation>
    </message>
    <message>
        <source>σ{0} (layer f{0})</source>
        <translation>σ{0} (warstwa f{0})</translation>
    </message>
    <message>
        <source>learning rate: {0} is not a positive number (try 0.01 or 1e-3)</source>
        <translation>współczynnik uczenia: {0} nie jest liczbą dodatnią (spróbuj 0.01 lub 1e-3)</translation>
    </message>
</context>
<context>
    <name>CostPanel</name>
    <message>
        <source>(a) each chain on its own, full Jacobians</source>
        <translation>(a) każdy łańcuch osobno, pełne macierze Jacobiego</translation>
    </message>
    <message>
        <source>(b) reverse mode: backpropagation, reusing ∂L/∂fᵢ₊₂</source>
        <translation>(b) tryb wsteczny: propagacja wsteczna, ponownie używa ∂L/∂fᵢ₊₂</translation>
    </message>
    <message>
        <source>(c) forward mode: a tangent per parameter</source>
        <translation>(c) tryb w przód: wektor styczny na każdy parametr</translation>
    </message>
    <message>
        <source>(a) chains</source>
        <translation>(a) łańcuchy</translation>
    </message>
    <message>
        <source>(b) reverse</source>
        <translation>(b) wstecz</translation>
    </message>
    <message>
        <source>(c) forward</source>
        <translation>(c) w przód</translation>
    </message>
    <message>
        <source>not run (too many)</source>
        <translation>nie uruchomiono (za dużo)</translation>
    </message>
    <message>
        <source>method</source>
        <translation>metoda</translation>
    </message>
    <message>
        <source>multiply-adds</source>
        <translation>mnożenia z dodawaniem</translation>
    </message>
    <message>
        <source>time</source>
        <translation>czas</translation>
    </message>
    <message>
        <source>Measure times (M)</source>
        <translation>Zmierz czasy (M)</translation>
    </message>
    <message>
        <source>time the three methods for the chosen sample, in the background</source>
        <translation>zmierz w tle czasy trzech metod dla wybranej próbki</translation>
    </message>
    <message>
        <source>multiply-adds against depth K</source>
        <translation>mnożenia z dodawaniem a głębokość K</translation>
    </message>
    <message>
        <source>depth K</source>
        <translation>głębokość K</translation>
    </message>
    <message>
        <source>multiply-adds against width n</source>
        <translation>mnożenia z dodawaniem a szerokość n</translation>
    </message>
    <message>
        <source>hidden width n</source>
        <translation>szerokość warstw ukrytych n</translation>
    </message>
    <message>
        <source>Every ∂L/∂θᵢ of one sample for {0}; the forward pass is {1} multiply-adds.</source>
        <translation>Wszystkie ∂L/∂θᵢ jednej próbki dla {0}; przebieg w przód to {1} mnożeń z dodawaniem.</translation>
    </message>
    <message>
        <source>{0}  (×{1} forward)</source>
        <translation>{0}  (×{1} przebiegu w przód)</translation>
    </message>
    <message>
        <source>this network</source>
        <translation>ta sieć</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation>pomiar…</translation>
    </message>
    <message>
        <source>the measurement failed: {0}</source>
        <translation>pomiar nie powiódł się: {0}</translation>
    </message>
    <message>
        <source>times: not measured yet</source>
        <translation>czasy: jeszcze nie zmierzone</translation>
    </message>
    <message>
        <source>median of {0} runs, one sample</source>
        <translation>mediana {0} przebiegów, jedna próbka</translation>
    </message>
    <message>
        <source>✔ equal</source>
        <translation>✔ równe</translation>
    </message>
    <message>
        <source>✘ differ</source>
        <translation>✘ różne</translation>
    </message>
    <message>
        <source>the three gradients, max relative difference from backprop {0}</source>
        <translation>trzy gradienty, maks. różnica względna od propagacji wstecznej {0}</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Backprop Explorer experiments (*.json)</source>
        <translation>Eksperymenty Backprop Explorer (*.json)</translation>
    </message>
    <message>
        <source>CSV data (*.csv *.txt)</source>
        <translation>Dane CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Niezapisane zmiany</translation>
    </message>
    <message>
        <source>This experiment has changes that are not saved.</source>
        <translation>Ten eksperyment ma niezapisane zmiany.</translation>
    </message>
    <message>
        <source>Save them before closing?</source>
        <translation>Zapisać je przed zamknięciem?</translation>
    </message>
    <message>
        <source>Save them before opening another?</source>
        <translation>Zapisać je przed otwarciem innego?</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Eksport</translation>
    </message>
    <message>
        <source>What to export:</source>
        <translation>Co wyeksportować:</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>graph</source>
        <translation>graf</translation>
    </message>
    <message>
        <source>formula</source>
        <translation>wzór</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>wykres funkcji straty</translation>
    </message>
    <message>
        <source>prediction</source>
        <translation>wykres predykcji</translation>
    </message>
    <message>
        <source>latex</source>
        <translation>LaTeX</translation>
    </message>
    <message>
        <source>npz</source>
        <translation>npz</translation>
    </message>
    <message>
        <source>{0} or {1}</source>
        <translation>{0} lub {1}</translation>
    </message>
    <message>
        <source>{0}: {1} is exported as {2}</source>
        <translation>{0}: {1} można wyeksportować tylko jako {2}</translation>
    </message>
    <message>
        <source>{0}: the folder {1} does not exist</source>
        <translation>{0}: folder {1} nie istnieje</translation>
    </message>
    <message>
        <source>{0}: could not be written ({1})</source>
        <translation>{0}: nie udało się zapisać ({1})</translation>
    </message>
    <message>
        <source>{0}: select a parameter θᵢ first (click it, or --select I)</source>
        <translation>{0}: najpierw wybierz parametr θᵢ (kliknij go albo użyj --select I)</translation>
    </message>
    <message>
        <source>{0}: could not be written</source>
        <translation>{0}: nie udało się zapisać pliku</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>Open experiment</source>
        <translation>Otwórz eksperyment</translation>
    </message>
    <message>
        <source>Loading {0} …</source>
        <translation>Wczytywanie {0} …</translation>
    </message>
    <message>
        <source>Cannot open the experiment</source>
        <translation>Nie można otworzyć eksperymentu</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>Zapisz eksperyment</translation>
    </message>
    <message>
        <source>Save experiment without trained weights</source>
        <translation>Zapisz eksperyment bez wyuczonych wag</translation>
    </message>
    <message>
        <source>Cannot save the experiment</source>
        <translation>Nie można zapisać eksperymentu</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>Zapisano {0}</translation>
    </message>
    <message>
        <source>Import CSV data</source>
        <translation>Importuj dane CSV</translation>
    </message>
    <message>
        <source>Cannot use this CSV file</source>
        <translation>Nie można użyć tego pliku CSV</translation>
    </message>
    <message>
        <source>Cannot use these images</source>
        <translation>Nie można użyć tych obrazów</translation>
    </message>
    <message>
        <source>Imported {0} images of {1}×{2} pixels, {3} classes</source>
        <translation>Zaimportowano obrazy: {0}, {1}×{2} pikseli, klasy: {3}</translation>
    </message>
    <message>
        <source>Graph (PNG or SVG)…</source>
        <translation>Graf (PNG lub SVG)…</translation>
    </message>
    <message>
        <source>Formula (PNG or SVG)…</source>
        <translation>Wzór (PNG lub SVG)…</translation>
    </message>
    <message>
        <source>Loss plot (PNG or SVG)…</source>
        <translation>Wykres funkcji straty (PNG lub SVG)…</translation>
    </message>
    <message>
        <source>Prediction (PNG or SVG)…</source>
        <translation>Predykcja (PNG lub SVG)…</translation>
    </message>
    <message>
        <source>Chain as LaTeX…</source>
        <translation>Łańcuch w LaTeX-u…</translation>
    </message>
    <message>
        <source>Chain matrices (.npz)…</source>
        <translation>Macierze łańcucha (.npz)…</translation>
    </message>
    <message>
        <source>LaTeX (*.tex)</source>
        <translation>LaTeX (*.tex)</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npz)</source>
        <translation>Tablice NumPy (*.npz)</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG vector image (*.svg)</source>
        <translation>Obraz PNG (*.png);;Grafika wektorowa SVG (*.svg)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Eksport</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>Nie można wyeksportować</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>Wyeksportowano {0}</translation>
    </message>
</context>
<context>
    <name>FlowPanel</name>
    <message>
        <source>‖∂L/∂θᵢ‖ over training (batch mean loss)</source>
        <translation>‖∂L/∂θᵢ‖ w trakcie uczenia (średnia strata po partii)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>krok</translation>
    </message>
    <message>
        <source>now, across layers</source>
        <translation>teraz, w kolejnych warstwach</translation>
    </message>
    <message>
        <source>layer index</source>
        <translation>indeks warstwy</translation>
    </message>
    <message>
        <source>compare with</source>
        <translation>porównaj z</translation>
    </message>
    <message>
        <source>‖∂fₖ₊₁/∂fₖ‖₂ (red)</source>
        <translation>‖∂fₖ₊₁/∂fₖ‖₂ (czerwone)</translation>
    </message>
    <message>
        <source>{0}: diverged at step {1}</source>
        <translation>{0}: rozbieżność w kroku {1}</translation>
    </message>
    <message>
        <source>{0} at step {1}</source>
        <translation>{0} w kroku {1}</translation>
    </message>
</context>
<context>
    <name>FormulaView</name>
    <message>
        <source>Click a parameter θᵢ in the graph (or press 0–9) to see its chain</source>
        <translation>Kliknij parametr θᵢ na grafie (lub naciśnij 0–9), aby zobaczyć jego łańcuch</translation>
    </message>
    <message>
        <source>= ∂L/∂f{0}, already computed for θ{1}</source>
        <translation>= ∂L/∂f{0}, już obliczone dla θ{1}</translation>
    </message>
    <message>
        <source>one-sample loss {0}</source>
        <translation>funkcja straty dla pojedynczej próbki: {0}</translation>
    </message>
    <message>
        <source>one-sample loss {0} of sample #{1}</source>
        <translation>funkcja straty dla pojedynczej próbki (nr {1}): {0}</translation>
    </message>
</context>
<context>
    <name>ImageImport</name>
    <message>
        <source>Browse…</source>
        <translation>Przeglądaj…</translation>
    </message>
    <message>
        <source>Import images</source>
        <translation>Import obrazów</translation>
    </message>
    <message>
        <source>One image per row: its pixels row by row (any scale, ≥ 0) and one column of integer class labels 0, 1, …; a header row is optional.</source>
        <translation>Jeden obraz w wierszu: jego piksele wiersz po wierszu (dowolna skala, ≥ 0) i jedna kolumna całkowitych etykiet klas 0, 1, …; wiersz nagłówka jest opcjonalny.</translation>
    </message>
    <message>
        <source>Image CSV file</source>
        <translation>Plik CSV z obrazami</translation>
    </message>
    <message>
        <source>CSV data (*.csv *.txt)</source>
        <translation>Dane CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <source>square images</source>
        <translation>obrazy kwadratowe</translation>
    </message>
    <message>
        <source>the image's width in pixels; its height follows</source>
        <translation>szerokość obrazu w pikselach; wysokość z niej wynika</translation>
    </message>
    <message>
        <source>'label' column, else the first</source>
        <translation>kolumna „label”, inaczej pierwsza</translation>
    </message>
    <message>
        <source>the column (1, 2, …) that holds the class labels</source>
        <translation>kolumna (1, 2, …) z etykietami klas</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>plik CSV</translation>
    </message>
    <message>
        <source>image width</source>
        <translation>szerokość obrazu</translation>
    </message>
    <message>
        <source>label column</source>
        <translation>kolumna etykiet</translation>
    </message>
    <message>
        <source>Image CSV</source>
        <translation>CSV z obrazami</translation>
    </message>
    <message>
        <source>MNIST's format: a file of images and a file of their labels (.gz or not).</source>
        <translation>Format MNIST: plik obrazów i plik ich etykiet (.gz lub nie).</translation>
    </message>
    <message>
        <source>IDX files (*idx* *.gz *ubyte*);;All files (*)</source>
        <translation>Pliki IDX (*idx* *.gz *ubyte*);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <source>IDX images file</source>
        <translation>Plik IDX z obrazami</translation>
    </message>
    <message>
        <source>IDX labels file</source>
        <translation>Plik IDX z etykietami</translation>
    </message>
    <message>
        <source>all images</source>
        <translation>wszystkie obrazy</translation>
    </message>
    <message>
        <source>read only the first images (MNIST's 60,000 are too many)</source>
        <translation>wczytaj tylko pierwsze obrazy (60 000 z MNIST to za dużo)</translation>
    </message>
    <message>
        <source>image file</source>
        <translation>plik obrazów</translation>
    </message>
    <message>
        <source>label file</source>
        <translation>plik etykiet</translation>
    </message>
    <message>
        <source>first images only</source>
        <translation>tylko pierwsze obrazy</translation>
    </message>
    <message>
        <source>MNIST IDX</source>
        <translation>MNIST IDX</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importuj</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>confusion: true ↓ predicted →</source>
        <translation>pomyłki: prawdziwa ↓ przewidziana →</translation>
    </message>
    <message>
        <source>sample #{0}: true class {1}, predicted {2}</source>
        <translation>próbka nr {0}: klasa prawdziwa {1}, przewidziana {2}</translation>
    </message>
    <message>
        <source>probabilities</source>
        <translation>prawdopodobieństwa</translation>
    </message>
    <message>
        <source>outputs f&lt;sub&gt;K&lt;/sub&gt;</source>
        <translation>wyjścia f&lt;sub&gt;K&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>sample #{0} (class {1}): {2}</source>
        <translation>próbka nr {0} (klasa {1}): {2}</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>log y</source>
        <translation>log y</translation>
    </message>
    <message>
        <source>follow</source>
        <translation>śledź</translation>
    </message>
    <message>
        <source>keep the whole run in view (unticked when you zoom or pan)</source>
        <translation>pokazuj cały przebieg uczenia (wyłącza się po powiększeniu lub przesunięciu wykresu)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>krok</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>strata</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>krok {0}</translation>
    </message>
    <message>
        <source>loss {0}</source>
        <translation>strata {0}</translation>
    </message>
    <message>
        <source>{0} steps/s</source>
        <translation>{0} kroków/s</translation>
    </message>
    <message>
        <source>Loss: batch mean of {0}</source>
        <translation>Funkcja straty: średnia {0} po partii</translation>
    </message>
    <message>
        <source>test loss {0}</source>
        <translation>strata testowa {0}</translation>
    </message>
    <message>
        <source>accuracy: training {0}, test {1}</source>
        <translation>trafność: uczące {0}, testowe {1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>K = {0}   {1}   data: {2}, {3} samples   θᵢ = {{Aᵢ, bᵢ}} feeds fᵢ₊₁</source>
        <translation>K = {0}   {1}   dane: {2}, próbek: {3}   θᵢ = {{Aᵢ, bᵢ}} zasila fᵢ₊₁</translation>
    </message>
    <message>
        <source>{0}  (nothing was changed)</source>
        <translation>{0}  (niczego nie zmieniono)</translation>
    </message>
    <message>
        <source>There is no θ{0}: this network has θ0 … θ{1}</source>
        <translation>Nie ma θ{0}: ta sieć ma θ0 … θ{1}</translation>
    </message>
    <message>
        <source>That edge is not in the selected chain; click a θ to choose a chain</source>
        <translation>Ta krawędź nie należy do wybranego łańcucha; kliknij θ, aby wybrać łańcuch</translation>
    </message>
    <message>
        <source>These matrices are a step of the step-through: leave it (Done) to choose an entry</source>
        <translation>Te macierze to krok przejścia krok po kroku: zakończ je (Zakończ), aby wybrać element</translation>
    </message>
    <message>
        <source>∂L/∂f_K belongs to no parameter: click a cell of another matrix</source>
        <translation>∂L/∂f_K nie należy do żadnego parametru: kliknij komórkę innej macierzy</translation>
    </message>
    <message>
        <source>Nothing to undo or redo</source>
        <translation>Nie ma czego cofnąć ani ponowić</translation>
    </message>
    <message>
        <source>New initial weights: seed {0}</source>
        <translation>Nowe wagi początkowe: ziarno {0}</translation>
    </message>
    <message>
        <source>About Backprop Explorer</source>
        <translation>O programie Backprop Explorer</translation>
    </message>
    <message>
        <source>Backprop Explorer teaches backpropagation as the chain rule over a layered network: click a parameter θᵢ to see the Jacobian factors that multiply into its gradient, with the real matrices, while the network trains.</source>
        <translation>Backprop Explorer pokazuje propagację wsteczną jako regułę łańcuchową w sieci warstwowej: kliknij parametr θᵢ, aby zobaczyć jakobiany, których iloczyn daje jego gradient, razem z rzeczywistymi macierzami, w trakcie uczenia sieci.</translation>
    </message>
    <message>
        <source>Click a weight, or a neuron for its bias, to light every path from it to L. Blue: positive, orange: negative; thickness: |a|.</source>
        <translation>Kliknij wagę albo neuron (jego bias), aby podświetlić wszystkie ścieżki od nich do L. Niebieski: dodatnie, pomarańczowy: ujemne; grubość: |a|.</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>klasa {0}</translation>
    </message>
    <message>
        <source>Forward pass: the chain appears once L is computed</source>
        <translation>Przebieg w przód: łańcuch pojawi się po obliczeniu L</translation>
    </message>
    <message>
        <source>The matrices overflowed for these parameters (training diverged); the last finite ones stay on screen.</source>
        <translation>Dla tych parametrów wartości macierzy wyszły poza zakres (uczenie stało się rozbieżne); na ekranie zostają ostatnie skończone.</translation>
    </message>
    <message>
        <source>∂L/∂a&lt;sub&gt;{0},{1}&lt;/sub&gt; of A&lt;sub&gt;{2}&lt;/sub&gt; = sum over {3} path = &lt;b&gt;{4}&lt;/b&gt;;  entry ({0}, {1}) of ∂L/∂A&lt;sub&gt;{2}&lt;/sub&gt; by backprop = {5} {6}  (sample #{7})</source>
        <translation>∂L/∂a&lt;sub&gt;{0},{1}&lt;/sub&gt; macierzy A&lt;sub&gt;{2}&lt;/sub&gt; = suma po {3} ścieżce = &lt;b&gt;{4}&lt;/b&gt;;  element ({0}, {1}) gradientu ∂L/∂A&lt;sub&gt;{2}&lt;/sub&gt; z propagacji wstecznej = {5} {6}  (próbka nr {7})</translation>
    </message>
    <message>
        <source>∂L/∂a&lt;sub&gt;{0},{1}&lt;/sub&gt; of A&lt;sub&gt;{2}&lt;/sub&gt; = sum over {3} paths = &lt;b&gt;{4}&lt;/b&gt;;  entry ({0}, {1}) of ∂L/∂A&lt;sub&gt;{2}&lt;/sub&gt; by backprop = {5} {6}  (sample #{7})</source>
        <translation>∂L/∂a&lt;sub&gt;{0},{1}&lt;/sub&gt; macierzy A&lt;sub&gt;{2}&lt;/sub&gt; = suma po {3} ścieżkach = &lt;b&gt;{4}&lt;/b&gt;;  element ({0}, {1}) gradientu ∂L/∂A&lt;sub&gt;{2}&lt;/sub&gt; z propagacji wstecznej = {5} {6}  (próbka nr {7})</translation>
    </message>
    <message>
        <source>∂L/∂b&lt;sub&gt;{0}&lt;/sub&gt;[{1}] = sum over {2} path from neuron {1} of f&lt;sub&gt;{3}&lt;/sub&gt; = &lt;b&gt;{4}&lt;/b&gt;;  by backprop = {5} {6}  (sample #{7})</source>
        <translation>∂L/∂b&lt;sub&gt;{0}&lt;/sub&gt;[{1}] = suma po {2} ścieżce od neuronu {1} warstwy f&lt;sub&gt;{3}&lt;/sub&gt; = &lt;b&gt;{4}&lt;/b&gt;;  z propagacji wstecznej = {5} {6}  (próbka nr {7})</translation>
    </message>
    <message>
        <source>∂L/∂b&lt;sub&gt;{0}&lt;/sub&gt;[{1}] = sum over {2} paths from neuron {1} of f&lt;sub&gt;{3}&lt;/sub&gt; = &lt;b&gt;{4}&lt;/b&gt;;  by backprop = {5} {6}  (sample #{7})</source>
        <translation>∂L/∂b&lt;sub&gt;{0}&lt;/sub&gt;[{1}] = suma po {2} ścieżkach od neuronu {1} warstwy f&lt;sub&gt;{3}&lt;/sub&gt; = &lt;b&gt;{4}&lt;/b&gt;;  z propagacji wstecznej = {5} {6}  (próbka nr {7})</translation>
    </message>
    <message>
        <source>of</source>
        <translation>z</translation>
    </message>
    <message>
        <source>or drag the weight up or down</source>
        <translation>albo przeciągnij wagę w górę lub w dół</translation>
    </message>
    <message>
        <source>or drag the ringed neuron up or down</source>
        <translation>albo przeciągnij zaznaczony neuron w górę lub w dół</translation>
    </message>
    <message>
        <source>a&lt;sub&gt;{0},{1}&lt;/sub&gt; of A&lt;sub&gt;{2}&lt;/sub&gt; = {3}  (step {4})</source>
        <translation>a&lt;sub&gt;{0},{1}&lt;/sub&gt; z A&lt;sub&gt;{2}&lt;/sub&gt; = {3}  (krok {4})</translation>
    </message>
    <message>
        <source>b&lt;sub&gt;{0}&lt;/sub&gt;[{1}] = {2}  (step {3})</source>
        <translation>b&lt;sub&gt;{0}&lt;/sub&gt;[{1}] = {2}  (krok {3})</translation>
    </message>
    <message>
        <source>neuron {0} of {1}</source>
        <translation>neuron {0} z {1}</translation>
    </message>
    <message>
        <source>{0}'s output over the input plane, on the prediction's colour scale</source>
        <translation>wyjście {0} na płaszczyźnie wejść, w skali kolorów predykcji</translation>
    </message>
    <message>
        <source>{0}: its row of weights in A&lt;sub&gt;0&lt;/sub&gt;, drawn as the image</source>
        <translation>{0}: jego wiersz wag w A&lt;sub&gt;0&lt;/sub&gt;, narysowany jako obraz</translation>
    </message>
    <message>
        <source>Training stopped by an error: {0}</source>
        <translation>Uczenie przerwane przez błąd: {0}</translation>
    </message>
    <message>
        <source>Training paused: the very first loss was NaN or infinite. Press R to reset.</source>
        <translation>Uczenie wstrzymane: już pierwsza wartość funkcji straty była NaN lub nieskończona. Naciśnij R, aby zacząć od nowa.</translation>
    </message>
    <message>
        <source>Training paused: the loss became NaN or infinite at step {0} (last finite loss {1}). The learning rate {2} is too high: lower it and press Start to continue from the last good parameters (step {3}), or press R to reset.</source>
        <translation>Uczenie wstrzymane: w kroku {0} funkcja straty przyjęła wartość NaN lub nieskończoną (ostatnia skończona wartość {1}). Współczynnik uczenia {2} jest za duży: zmniejsz go i naciśnij Uruchom, aby kontynuować od ostatnich poprawnych parametrów (krok {3}), albo naciśnij R, aby zacząć od nowa.</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Warstwy</translation>
    </message>
    <message>
        <source>Neurons</source>
        <translation>Neurony</translation>
    </message>
    <message>
        <source>the note's picture: one node per layer (V switches)</source>
        <translation>rysunek z notatek: jeden węzeł na warstwę (V przełącza)</translation>
    </message>
    <message>
        <source>every neuron and weight (V switches)</source>
        <translation>każdy neuron i każda waga (V przełącza)</translation>
    </message>
    <message>
        <source>width ∝ ‖factor‖</source>
        <translation>grubość ∝ ‖czynnik‖</translation>
    </message>
    <message>
        <source>draw each edge of the chain as thick as the norm of its factor (log scale)</source>
        <translation>grubość krawędzi łańcucha według normy jej czynnika (skala logarytmiczna)</translation>
    </message>
    <message>
        <source>Fit (F)</source>
        <translation>Dopasuj (F)</translation>
    </message>
    <message>
        <source>fit the graph to the window</source>
        <translation>dopasuj graf do okna</translation>
    </message>
    <message>
        <source>type a new value for the selected weight and press Enter (Ctrl+Z undoes)</source>
        <translation>wpisz nową wartość wybranej wagi i naciśnij Enter (Ctrl+Z cofa)</translation>
    </message>
    <message>
        <source>Matrices</source>
        <translation>Macierze</translation>
    </message>
    <message>
        <source>Step through</source>
        <translation>Krok po kroku</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>Przepływ</translation>
    </message>
    <message>
        <source>Check (G)</source>
        <translation>Sprawdzenie (G)</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Koszt</translation>
    </message>
    <message>
        <source>what backpropagation saves: multiply-adds and times of three ways to the gradient</source>
        <translation>co oszczędza propagacja wsteczna: mnożenia z dodawaniem i czasy trzech dróg do gradientu</translation>
    </message>
</context>
<context>
    <name>Matrices</name>
    <message>
        <source>row {0}, column {1}: {2}</source>
        <translation>wiersz {0}, kolumna {1}: {2}</translation>
    </message>
    <message>
        <source>Select a factor</source>
        <translation>Wybierz czynnik</translation>
    </message>
    <message>
        <source>chain product</source>
        <translation>iloczyn łańcucha</translation>
    </message>
    <message>
        <source>backprop</source>
        <translation>propagacja wsteczna</translation>
    </message>
    <message>
        <source>chain product {0}</source>
        <translation>iloczyn łańcucha {0}</translation>
    </message>
    <message>
        <source>backprop {0}</source>
        <translation>propagacja wsteczna {0}</translation>
    </message>
    <message>
        <source>✔ equal</source>
        <translation>✔ równe</translation>
    </message>
    <message>
        <source>✘ differ</source>
        <translation>✘ różne</translation>
    </message>
    <message>
        <source>max relative difference {0} (one sample, {1})</source>
        <translation>maks. różnica względna {0} (jedna próbka, {1})</translation>
    </message>
    <message>
        <source>both at step {0}</source>
        <translation>oba w kroku {0}</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>XOR (four quadrants)</source>
        <translation>XOR (cztery ćwiartki)</translation>
    </message>
    <message>
        <source>two circles</source>
        <translation>dwa okręgi</translation>
    </message>
    <message>
        <source>two moons</source>
        <translation>dwa półksiężyce</translation>
    </message>
    <message>
        <source>two spirals</source>
        <translation>dwie spirale</translation>
    </message>
    <message>
        <source>blobs (several classes)</source>
        <translation>skupiska (kilka klas)</translation>
    </message>
    <message>
        <source>sine  y = sin(πx)</source>
        <translation>sinus  y = sin(πx)</translation>
    </message>
    <message>
        <source>absolute value  y = |x|</source>
        <translation>wartość bezwzględna  y = |x|</translation>
    </message>
    <message>
        <source>step  y = sign(x)</source>
        <translation>skok  y = sign(x)</translation>
    </message>
    <message>
        <source>handwritten digits (8×8)</source>
        <translation>odręczne cyfry (8×8)</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>plik CSV</translation>
    </message>
    <message>
        <source>images from a CSV file</source>
        <translation>obrazy z pliku CSV</translation>
    </message>
    <message>
        <source>images from MNIST IDX files</source>
        <translation>obrazy z plików MNIST IDX</translation>
    </message>
    <message>
        <source>SGD + momentum</source>
        <translation>SGD z momentum</translation>
    </message>
    <message>
        <source>deep ReLU</source>
        <translation>głęboka sieć ReLU</translation>
    </message>
    <message>
        <source>deep sigmoid</source>
        <translation>głęboka sieć sigmoidalna</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>cyfry</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>półksiężyce</translation>
    </message>
    <message>
        <source>sine</source>
        <translation>sinus</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>spirala</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>identyczność</translation>
    </message>
</context>
<context>
    <name>NeuronView</name>
    <message>
        <source>⋮ {0} more</source>
        <translation>⋮ jeszcze {0}</translation>
    </message>
    <message>
        <source>neuron {0} of f{1}</source>
        <translation>neuron {0} warstwy f{1}</translation>
    </message>
</context>
<context>
    <name>PredictionView</name>
    <message>
        <source>Prediction</source>
        <translation>Predykcja</translation>
    </message>
    <message>
        <source>Prediction: test images, true → predicted class</source>
        <translation>Predykcja: obrazy testowe, klasa prawdziwa → przewidziana</translation>
    </message>
    <message>
        <source>Prediction: decision surface f&lt;sub&gt;K&lt;/sub&gt;(x) and the data</source>
        <translation>Predykcja: powierzchnia decyzyjna f&lt;sub&gt;K&lt;/sub&gt;(x) i dane</translation>
    </message>
    <message>
        <source>Prediction: fitted curve f&lt;sub&gt;K&lt;/sub&gt;(x) and the data</source>
        <translation>Predykcja: dopasowana krzywa f&lt;sub&gt;K&lt;/sub&gt;(x) i dane</translation>
    </message>
    <message>
        <source>Prediction: {0}-D input, no picture</source>
        <translation>Predykcja: wejście {0}-wymiarowe, bez wykresu</translation>
    </message>
    <message>
        <source>Prediction on {0} test images: {1} right, {2} mistakes (first, in red)</source>
        <translation>Predykcja na {0} obrazach testowych: {1} trafnych, pomyłek: {2} (na początku, na czerwono)</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>Deep ReLU · 10 layers, same data</source>
        <translation>Głęboka sieć ReLU · 10 warstw, te same dane</translation>
    </message>
    <message>
        <source>Vanishing gradients · 10 sigmoid layers</source>
        <translation>Zanikające gradienty · 10 warstw sigmoidalnych</translation>
    </message>
    <message>
        <source>Handwritten digits · 64-32-10 tanh</source>
        <translation>Odręczne cyfry · 64-32-10 tanh</translation>
    </message>
    <message>
        <source>Two moons · 2-8-8-1 tanh</source>
        <translation>Dwa półksiężyce · 2-8-8-1 tanh</translation>
    </message>
    <message>
        <source>Sine regression · 1-16-16-1 tanh</source>
        <translation>Regresja sinusa · 1-16-16-1 tanh</translation>
    </message>
    <message>
        <source>Two spirals · 2-16-16-16-1 ReLU</source>
        <translation>Dwie spirale · 2-16-16-16-1 ReLU</translation>
    </message>
    <message>
        <source>XOR · 2-2-1 sigmoid</source>
        <translation>XOR · 2-2-1 sigmoida</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>θ_{0} = {{A_{0}, b_{0}}} feeds f_{1}</source>
        <translation>θ_{0} = {{A_{0}, b_{0}}} zasila f_{1}</translation>
    </message>
    <message>
        <source>A_{0}: {1}×{2}, ‖A‖ = {3}, range [{4}, {5}]</source>
        <translation>A_{0}: {1}×{2}, ‖A‖ = {3}, zakres [{4}, {5}]</translation>
    </message>
    <message>
        <source>(sample #{0})</source>
        <translation>(próbka nr {0})</translation>
    </message>
    <message>
        <source>y (target of sample #{0}) = {1}</source>
        <translation>y (wartość docelowa próbki nr {0}) = {1}</translation>
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <source>x = f₀ enters the network</source>
        <translation>x = f₀ wchodzi do sieci</translation>
    </message>
    <message>
        <source>∂L/∂θ_{0} = ∂L/∂f_{1} · ∂f_{1}/∂θ_{0}: gradient of θ_{0} ready</source>
        <translation>∂L/∂θ_{0} = ∂L/∂f_{1} · ∂f_{1}/∂θ_{0}: gradient θ_{0} gotowy</translation>
    </message>
    <message>
        <source>start: {0}</source>
        <translation>początek: {0}</translation>
    </message>
    <message>
        <source>∂L/∂f_{0} = ∂L/∂f_{1} · ∂f_{1}/∂f_{0}: one red factor more; the prefix ∂L/∂f_{1} is reused</source>
        <translation>∂L/∂f_{0} = ∂L/∂f_{1} · ∂f_{1}/∂f_{0}: o jeden czerwony czynnik więcej; prefiks ∂L/∂f_{1} zostaje użyty ponownie</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Odtwórz</translation>
    </message>
    <message>
        <source>steps per second</source>
        <translation>liczba kroków na sekundę</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Zakończ</translation>
    </message>
    <message>
        <source>leave the step-through: the chain of the selected θ again</source>
        <translation>zakończ przechodzenie krok po kroku: z powrotem łańcuch wybranego θ</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>tempo</translation>
    </message>
    <message>
        <source>previous step (Page Up)</source>
        <translation>poprzedni krok (Page Up)</translation>
    </message>
    <message>
        <source>next step (Page Down)</source>
        <translation>następny krok (Page Down)</translation>
    </message>
    <message>
        <source>Press PgDn to walk backprop for the chosen sample, forward pass first.</source>
        <translation>Naciśnij PgDn, aby przejść krok po kroku przez propagację wsteczną dla wybranej próbki, zaczynając od przejścia w przód.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Wstrzymaj</translation>
    </message>
    <message>
        <source>step {0} of {1}</source>
        <translation>krok {0} z {1}</translation>
    </message>
    <message>
        <source>Forward.</source>
        <translation>Przejście w przód.</translation>
    </message>
    <message>
        <source>Backward.</source>
        <translation>Przejście wstecz.</translation>
    </message>
    <message>
        <source>x = f₀ ∈ ℝ&lt;sup&gt;{0}&lt;/sup&gt; drawn as its {1}×{2} image</source>
        <translation>x = f₀ ∈ ℝ&lt;sup&gt;{0}&lt;/sup&gt; narysowane jako obraz {1}×{2}</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>history</source>
        <translation>historia</translation>
    </message>
    <message>
        <source>drag to see the network at an earlier step</source>
        <translation>przeciągnij, aby zobaczyć sieć we wcześniejszym kroku</translation>
    </message>
    <message>
        <source>live</source>
        <translation>na żywo</translation>
    </message>
    <message>
        <source>Live (L)</source>
        <translation>Na żywo (L)</translation>
    </message>
    <message>
        <source>viewing step {0}</source>
        <translation>podgląd kroku {0}</translation>
    </message>
</context>
</TS>
